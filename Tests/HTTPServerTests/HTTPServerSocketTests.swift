import Testing

/// Every suite that opens sockets, nested here so that they run one at a time: the descriptor and memory
/// checks read process-wide counts, and the timing checks need the loops to themselves.
@Suite(.serialized) struct HTTPServerSocketTests {}
