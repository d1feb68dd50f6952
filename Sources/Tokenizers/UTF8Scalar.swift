/// The scalar at `index` of valid UTF-8 and its length in bytes. The scanners and the encoder walk
/// text that Swift has already validated, so no error path is needed.
@inline(__always)
func decodeScalar<Bytes: RandomAccessCollection<UInt8>>(_ text: Bytes, _ index: Int) -> (UInt32, Int)
where Bytes.Index == Int {
    let lead = text[index]
    if lead < 0x80 { return (UInt32(lead), 1) }
    if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(text[index + 1] & 0x3F), 2) }
    if lead < 0xF0 {
        return (UInt32(lead & 0x0F) << 12 | UInt32(text[index + 1] & 0x3F) << 6 | UInt32(text[index + 2] & 0x3F), 3)
    }
    return (
        UInt32(lead & 0x07) << 18 | UInt32(text[index + 1] & 0x3F) << 12
            | UInt32(text[index + 2] & 0x3F) << 6 | UInt32(text[index + 3] & 0x3F), 4
    )
}
