/// The phrase table: a message, then what the chat must do with it in ``ChatFixture``'s world. The expectation is
/// the tool (`add_task`, `list_tasks`, `complete_task`, `delete_task`, `update_task`), `ask` (a question, nothing
/// changed) or `reply` (no tool), then `|key=value` checks: `task` (the task changed), `title`, `due` (Paris wall
/// clock or `none`), `priority`, `tags`, `rrule`, `reminders` (`before PT30M`, `at <wall>`, `;`-separated) on the
/// resulting task and call; `status`, `from`, `before`, `shown` on a list; `candidates` on a question.
enum ChatPhraseTable {
    static let adds: [(String, String)] = [
        ("add buy groceries", "add_task|title=Buy groceries|due=none"),
        ("add buy groceries tomorrow", "add_task|title=Buy groceries|due=2026-12-10 09:00"),
        ("add buy groceries today", "add_task|title=Buy groceries|due=2026-12-09 23:59"),
        ("add call mom tonight", "add_task|title=Call mom|due=2026-12-09 20:00"),
        ("add submit form at 5pm", "add_task|title=Submit form|due=2026-12-09 17:00"),
        ("add submit form at 9am", "add_task|title=Submit form|due=2026-12-10 09:00"),
        ("add standup notes 17:30", "add_task|title=Standup notes|due=2026-12-09 17:30"),
        ("add pay invoice next friday", "add_task|title=Pay invoice|due=2026-12-11 09:00"),
        ("add pay invoice friday", "add_task|title=Pay invoice|due=2026-12-11 09:00"),
        ("add pay invoice on friday at 3pm", "add_task|title=Pay invoice|due=2026-12-11 15:00"),
        ("add pay invoice next wednesday", "add_task|title=Pay invoice|due=2026-12-16 09:00"),
        ("add pay invoice this wednesday at 6pm", "add_task|title=Pay invoice|due=2026-12-09 18:00"),
        ("add renew passport in 3 days", "add_task|title=Renew passport|due=2026-12-12 09:00"),
        ("add renew passport in 2 weeks", "add_task|title=Renew passport|due=2026-12-23 09:00"),
        ("add check oven in 30 minutes", "add_task|title=Check oven|due=2026-12-09 11:00"),
        ("add check oven in 2 hours", "add_task|title=Check oven|due=2026-12-09 12:30"),
        ("add check oven in an hour", "add_task|title=Check oven|due=2026-12-09 11:30"),
        ("add check oven in half an hour", "add_task|title=Check oven|due=2026-12-09 11:00"),
        ("add dentist on Dec 3", "add_task|title=Dentist|due=2027-12-03 09:00"),
        ("add dentist on december 15th at 10:30am", "add_task|title=Dentist|due=2026-12-15 10:30"),
        ("add party on 24 december", "add_task|title=Party|due=2026-12-24 09:00"),
        ("add party 2026-12-31 at 8pm", "add_task|title=Party|due=2026-12-31 20:00"),
        ("add tax return on the 15th", "add_task|title=Tax return|due=2026-12-15 09:00"),
        ("add ski trip next week", "add_task|title=Ski trip|due=2026-12-14 09:00"),
        ("add brunch this weekend", "add_task|title=Brunch|due=2026-12-12 09:00"),
        ("add gym tomorrow morning", "add_task|title=Gym|due=2026-12-10 09:00"),
        ("add gym tomorrow evening", "add_task|title=Gym|due=2026-12-10 18:00"),
        ("add gym tomorrow at night", "add_task|title=Gym|due=2026-12-10 20:00"),
        ("add gym day after tomorrow", "add_task|title=Gym|due=2026-12-11 09:00"),
        ("add gym in the evening", "add_task|title=Gym|due=2026-12-09 18:00"),
        ("add lunch with sam at noon", "add_task|title=Lunch with sam|due=2026-12-09 12:00"),
        ("add buy milk tomorrow at 5pm", "add_task|title=Buy milk|due=2026-12-10 17:00"),
        ("add buy milk tomorrow at 5:45 pm", "add_task|title=Buy milk|due=2026-12-10 17:45"),
        ("add meeting at 14:00 tomorrow", "add_task|title=Meeting|due=2026-12-10 14:00"),
        ("add call plumber tmrw at 8am", "add_task|title=Call plumber|due=2026-12-10 08:00"),
        ("add meet alex at 5", "add_task|title=Meet alex|due=2026-12-09 17:00"),
        ("add meet alex at 10", "add_task|title=Meet alex|due=2026-12-10 10:00"),
        ("please add fix bike on saturday", "add_task|title=Fix bike|due=2026-12-12 09:00"),
        ("add \"Plan trip\" next month", "add_task|title=Plan trip|due=2027-01-01 09:00"),
        ("schedule haircut for thursday at 4:30pm", "add_task|title=Haircut|due=2026-12-10 16:30"),
        ("add pick up kids today at 3:15 pm", "add_task|title=Pick up kids|due=2026-12-09 15:15"),
        ("add buy gift in a week", "add_task|title=Buy gift|due=2026-12-16 09:00"),
        ("add buy gift in 1 month", "add_task|title=Buy gift|due=2027-01-09 09:00"),
        ("add report due friday", "add_task|title=Report|due=2026-12-11 09:00"),
        ("add report by tomorrow 5pm", "add_task|title=Report|due=2026-12-10 17:00"),
        ("add vote on 3 dec 2027", "add_task|title=Vote|due=2027-12-03 09:00"),
        ("add concert on the 3rd of january at 7pm", "add_task|title=Concert|due=2027-01-03 19:00"),
        ("add renew domain on may 10", "add_task|title=Renew domain|due=2027-05-10 09:00"),
        ("add call grandma at midnight", "add_task|title=Call grandma|due=2026-12-09 23:59"),
        ("add read chapter 3", "add_task|title=Read chapter 3|due=none"),
        ("add buy 2 cakes", "add_task|title=Buy 2 cakes|due=none"),
        ("add read the 3rd chapter", "add_task|title=Read the 3rd chapter|due=none"),
        ("add may the force be with you", "add_task|title=May the force be with you|due=none"),
        ("create a task to renew insurance on jan 5", "add_task|title=Renew insurance|due=2027-01-05 09:00"),
        ("new task: order printer ink", "add_task|title=Order printer ink|due=none"),
        ("i need to email the landlord tomorrow", "add_task|title=Email the landlord|due=2026-12-10 09:00"),
        ("remember to call the bank this friday", "add_task|title=Call the bank|due=2026-12-11 09:00"),
        ("add file taxes !high", "add_task|title=File taxes|priority=high"),
        ("add file taxes !1", "add_task|title=File taxes|priority=high"),
        ("add file taxes !medium", "add_task|title=File taxes|priority=medium"),
        ("add file taxes !low", "add_task|title=File taxes|priority=low"),
        ("add file taxes p1", "add_task|title=File taxes|priority=high"),
        ("add file taxes p2", "add_task|title=File taxes|priority=medium"),
        ("add file taxes p3", "add_task|title=File taxes|priority=low"),
        ("add file taxes p4", "add_task|title=File taxes|priority=none"),
        ("add file taxes high priority", "add_task|title=File taxes|priority=high"),
        ("add file taxes with low priority", "add_task|title=File taxes|priority=low"),
        ("add file taxes priority medium", "add_task|title=File taxes|priority=medium"),
        ("add high priority file taxes", "add_task|title=File taxes|priority=high"),
        ("add prepare slides #work", "add_task|title=Prepare slides|tags=work"),
        ("add prepare slides #work #urgent", "add_task|title=Prepare slides|tags=work,urgent"),
        (
            "add prepare slides #Work tomorrow at 9am !high",
            "add_task|title=Prepare slides|tags=work|due=2026-12-10 09:00|priority=high"
        ),
        ("add #home fix the sink", "add_task|title=Fix the sink|tags=home"),
        ("add issue #42 review", "add_task|title=Issue #42 review|tags="),
        (
            "add call bob tomorrow at 5pm remind me 30 minutes before",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=before PT30M"
        ),
        (
            "add call bob tomorrow at 5pm and remind me 1 hour before",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=before PT1H"
        ),
        (
            "add call bob friday 10am remind me the day before",
            "add_task|title=Call bob|due=2026-12-11 10:00|reminders=before P1D"
        ),
        (
            "add call bob tomorrow at 5pm remind me at 9am",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=at 2026-12-10 09:00"
        ),
        (
            "add call bob tomorrow at 5pm, remind me 2 days before",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=before P2D"
        ),
        (
            "add call bob tomorrow at 5pm with a reminder 15 min before",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=before PT15M"
        ),
        (
            "add call bob tomorrow at 5pm remind me an hour before it",
            "add_task|title=Call bob|due=2026-12-10 17:00|reminders=before PT1H"
        ),
        ("add call bob remind me 30 minutes before", "add_task|title=Call bob|due=none|reminders="),
        ("add call bob remind me at 4pm", "add_task|title=Call bob|due=none|reminders=at 2026-12-09 16:00"),
        (
            "add call bob on friday at 5pm remind me on thursday at 6pm",
            "add_task|title=Call bob|due=2026-12-11 17:00|reminders=at 2026-12-10 18:00"
        ),
        ("remind me to call mom at 6pm", "add_task|title=Call mom|due=2026-12-09 18:00|reminders=before PT0M"),
        ("remind me to water plants", "add_task|title=Water plants|due=none|reminders="),
        ("add water plants every day", "add_task|title=Water plants|due=2026-12-10 09:00|rrule=FREQ=DAILY"),
        ("add water plants every day at 8pm", "add_task|title=Water plants|due=2026-12-09 20:00|rrule=FREQ=DAILY"),
        ("add water plants daily", "add_task|title=Water plants|due=2026-12-10 09:00|rrule=FREQ=DAILY"),
        (
            "add standup every weekday at 9:30",
            "add_task|title=Standup|due=2026-12-10 09:30|rrule=FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
        ),
        ("add chores every weekend", "add_task|title=Chores|due=2026-12-12 09:00|rrule=FREQ=WEEKLY;BYDAY=SA,SU"),
        ("add review every 2 weeks", "add_task|title=Review|due=2026-12-10 09:00|rrule=FREQ=WEEKLY;INTERVAL=2"),
        ("add review every week", "add_task|title=Review|due=2026-12-10 09:00|rrule=FREQ=WEEKLY"),
        ("add review weekly on friday", "add_task|title=Review|due=2026-12-11 09:00|rrule=FREQ=WEEKLY"),
        ("add rent every month on the 1st", "add_task|title=Rent|due=2027-01-01 09:00|rrule=FREQ=MONTHLY;BYMONTHDAY=1"),
        ("add invoice monthly on the 15th", "add_task|title=Invoice|due=2026-12-15 09:00|rrule=FREQ=MONTHLY;BYMONTHDAY=15"),
        ("add team drinks every last friday", "add_task|title=Team drinks|due=2026-12-25 09:00|rrule=FREQ=MONTHLY;BYDAY=-1FR"),
        ("add book club every first monday", "add_task|title=Book club|due=2027-01-04 09:00|rrule=FREQ=MONTHLY;BYDAY=1MO"),
        (
            "add board meeting every 2nd tuesday of the month",
            "add_task|title=Board meeting|due=2027-01-12 09:00|rrule=FREQ=MONTHLY;BYDAY=2TU"
        ),
        ("add yoga every monday and thursday at 7pm", "add_task|title=Yoga|due=2026-12-10 19:00|rrule=FREQ=WEEKLY;BYDAY=MO,TH"),
        ("add gym every mon, wed and fri at 7am", "add_task|title=Gym|due=2026-12-11 07:00|rrule=FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        (
            "add backup every week until March 1",
            "add_task|title=Backup|due=2026-12-10 09:00|rrule=FREQ=WEEKLY;UNTIL=20270301T225959Z"
        ),
        ("add pills every day 5 times", "add_task|title=Pills|due=2026-12-10 09:00|rrule=FREQ=DAILY;COUNT=5"),
        ("add pills daily for 10 times", "add_task|title=Pills|due=2026-12-10 09:00|rrule=FREQ=DAILY;COUNT=10"),
        ("add newsletter monthly", "add_task|title=Newsletter|due=2026-12-10 09:00|rrule=FREQ=MONTHLY"),
        ("add anniversary yearly on dec 20", "add_task|title=Anniversary|due=2026-12-20 09:00|rrule=FREQ=YEARLY"),
        (
            "add sprint planning every other week on monday",
            "add_task|title=Sprint planning|due=2026-12-14 09:00|rrule=FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"
        ),
        (
            "add payroll every month on the last day",
            "add_task|title=Payroll|due=2026-12-31 09:00|rrule=FREQ=MONTHLY;BYMONTHDAY=-1"
        ),
        ("add review every 3 days starting tomorrow", "add_task|title=Review|due=2026-12-10 09:00|rrule=FREQ=DAILY;INTERVAL=3"),
        (
            "add stretch every day at 7am until dec 31",
            "add_task|title=Stretch|due=2026-12-10 07:00|rrule=FREQ=DAILY;UNTIL=20261231T225959Z"
        ),
        (
            "add water plants every day at 8am remind me 10 minutes before",
            "add_task|title=Water plants|due=2026-12-10 08:00|rrule=FREQ=DAILY|reminders=before PT10M"
        ),
        (
            "add ship release !high #work next friday at 10am remind me 1 hour before",
            "add_task|title=Ship release|priority=high|tags=work|due=2026-12-11 10:00|reminders=before PT1H"
        ),
        ("add", "reply"),
        ("add tomorrow at 5pm", "reply"),
    ]

    static let lists: [(String, String)] = [
        ("what's due this week", "list_tasks|status=pending|from=2026-12-07 00:00|before=2026-12-14 00:00|shown=t4,t1,t3"),
        ("what's due today", "list_tasks|status=pending|from=2026-12-09 00:00|before=2026-12-10 00:00|shown=t4"),
        ("what's due tomorrow?", "list_tasks|shown=t1"),
        ("what's due next week", "list_tasks|from=2026-12-14 00:00|before=2026-12-21 00:00|shown=t6"),
        ("show high priority tasks", "list_tasks|status=pending|priority=high|shown=t3"),
        ("show low priority tasks", "list_tasks|priority=low|shown=t6"),
        ("show medium priority tasks", "list_tasks|priority=medium|shown=t4"),
        ("which tasks are urgent", "list_tasks|priority=high|shown=t3"),
        ("what's done", "list_tasks|status=completed|shown=t5"),
        ("show completed tasks", "list_tasks|status=completed|shown=t5"),
        ("what did i finish", "list_tasks|status=completed|shown=t5"),
        ("list my tasks", "list_tasks|status=pending|shown=t7,t4,t1,t3,t6,t2,t8"),
        ("show my tasks", "list_tasks|shown=t7,t4,t1,t3,t6,t2,t8"),
        ("my tasks", "list_tasks|shown=t7,t4,t1,t3,t6,t2,t8"),
        ("what's on my list?", "list_tasks|shown=t7,t4,t1,t3,t6,t2,t8"),
        ("show all tasks", "list_tasks|status=all|shown=t5,t7,t4,t1,t3,t6,t2,t8"),
        ("what's overdue", "list_tasks|status=pending|before=2026-12-09 10:30|shown=t7"),
        ("show #work tasks", "list_tasks|tag=work|shown=t3,t6"),
        ("show tasks tagged home", "list_tasks|tag=home|shown=t1,t8"),
        ("show high priority #work tasks", "list_tasks|tag=work|priority=high|shown=t3"),
        ("what do i have due on friday", "list_tasks|from=2026-12-11 00:00|before=2026-12-12 00:00|shown=t3"),
        ("anything due this weekend?", "list_tasks|from=2026-12-12 00:00|before=2026-12-14 00:00|shown="),
        ("what's due this month", "list_tasks|from=2026-12-01 00:00|before=2027-01-01 00:00|shown=t7,t4,t1,t3,t6"),
        ("do i have anything due tomorrow", "list_tasks|shown=t1"),
    ]

    static let completions: [(String, String)] = [
        ("complete call dentist", "complete_task|task=t4"),
        ("mark call dentist as done", "complete_task|task=t4"),
        ("done with the quarterly report", "complete_task|task=t3"),
        ("finish book flights", "complete_task|task=t7"),
        ("complete 2", "complete_task|task=t1"),
        ("complete number 3", "complete_task|task=t4"),
        ("complete the first one", "complete_task|task=t3"),
        ("complete #2", "complete_task|task=t1"),
        ("complete task 1", "complete_task|task=t3"),
        ("complete buy milk", "complete_task|task=t1"),
        ("complete milk", "ask|candidates=t1,t2"),
        ("complete call dentst", "complete_task|task=t4"),
        ("complete clean garag", "complete_task|task=t8"),
        ("complete cleen garage", "complete_task|task=t8"),
        ("complete by milk for mum", "complete_task|task=t2"),
        ("complete wirte quarterly report", "complete_task|task=t3"),
        ("complete report", "ask|candidates=t6,t3"),
        ("complete pay rent", "reply"),
        ("call dentist is done", "complete_task|task=t4"),
        ("tick off buy milk for mum", "complete_task|task=t2"),
        ("check off clean garage", "complete_task|task=t8"),
        ("i finished book flights", "complete_task|task=t7"),
        ("Complete the Dentist call", "complete_task|task=t4"),
        ("complete 9", "reply"),
        ("complete something random", "reply"),
        ("complete", "reply"),
    ]

    static let deletions: [(String, String)] = [
        ("delete call dentist", "delete_task|task=t4"),
        ("remove buy milk for mum", "delete_task|task=t2"),
        ("delete 1", "delete_task|task=t3"),
        ("cancel the dentist", "delete_task|task=t4"),
        ("delete pay rent", "delete_task|task=t5"),
        ("delete milk", "ask|candidates=t1,t2"),
        ("get rid of clean garage", "delete_task|task=t8"),
        ("trash book flights", "delete_task|task=t7"),
        ("delete report", "ask|candidates=t6,t3"),
        ("erase the second one", "delete_task|task=t1"),
        ("remove the garage task", "delete_task|task=t8"),
    ]

    static let updates: [(String, String)] = [
        ("move call dentist to friday", "update_task|task=t4|due=2026-12-11 09:00"),
        ("reschedule call dentist to tomorrow at 3pm", "update_task|task=t4|due=2026-12-10 15:00"),
        ("change buy milk to buy oat milk", "update_task|task=t1|title=Buy oat milk"),
        ("rename clean garage to tidy garage", "update_task|task=t8|title=Tidy garage"),
        ("change the due date of book flights to dec 20", "update_task|task=t7|due=2026-12-20 09:00|title=Book flights"),
        ("set call dentist priority to high", "update_task|task=t4|priority=high"),
        ("make clean garage high priority", "update_task|task=t8|priority=high|title=Clean garage"),
        ("postpone read report to next week", "update_task|task=t6|due=2026-12-14 09:00"),
        ("change 2 to 6pm", "update_task|task=t1|due=2026-12-10 18:00"),
        ("change call dentist to 4pm", "update_task|task=t4|due=2026-12-09 16:00"),
        ("update write quarterly report to p2", "update_task|task=t3|priority=medium"),
        ("change buy milk for mum to tomorrow at 10am", "update_task|task=t2|due=2026-12-10 10:00"),
        ("move 3 to dec 18 at 2pm", "update_task|task=t4|due=2026-12-18 14:00"),
        ("change milk to friday", "ask|candidates=t1,t2"),
        ("make buy milk for mum low priority", "update_task|task=t2|priority=low"),
        ("rename 1 to write annual report", "update_task|task=t3|title=Write annual report"),
        ("move read report to the 20th", "update_task|task=t6|due=2026-12-20 09:00"),
        ("change clean garage", "reply"),
        ("change clean garage to #weekend", "update_task|task=t8|tags=home,weekend"),
        ("set book flights to !high", "update_task|task=t7|priority=high"),
    ]

    static let replies: [(String, String)] = [
        ("hi", "reply"), ("hello there", "reply"), ("thanks!", "reply"), ("help", "reply"), ("what can you do", "reply"),
        ("blah blah blah", "reply"), ("   ", "reply"),
    ]

    static let all = adds + lists + completions + deletions + updates + replies
}
