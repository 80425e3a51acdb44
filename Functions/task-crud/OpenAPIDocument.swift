/// The OpenAPI 3.1 document of task-crud, served at `GET /api/openapi.json` (public). Kept true by
/// `Tests/TaskCrudTests` (every route of the router is in it) and `Tests/openapi/check_responses.py` (`make
/// openapi-check`: real responses of a real task-crud validated against it). Its two large members live beside it:
/// the routes (`OpenAPIDocument+Paths.swift`) and the shared schemas (`OpenAPIDocument+Components.swift`).
enum OpenAPIDocument {
    static let json = header + paths + ",\n" + components + "\n}\n"

    private static let header = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "todo-functions task-crud",
            "version": "1.0.0",
            "description": "The tasks REST API. Every /api/{user_id} route needs `Authorization: Bearer <JWT>` whose subject is user_id (401 without a valid token, 403 for another user's path, 404 for another user's task). Errors are `{\"error\":{\"message\":\"…\"}}`. Times are RFC 3339; responses carry them in UTC with milliseconds."
          },
          "servers": [{"url": "/"}],
          "security": [{"bearer": []}],
        """# + "\n"
}
