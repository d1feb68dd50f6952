import FileIO

/// A shard's raw bytes are the input of the decoders.
extension SequentialFile: ByteSource {}
