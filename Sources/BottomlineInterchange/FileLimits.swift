/// What an uploaded file may hold, checked while it is read so that a hostile or broken file is refused early, with a
/// message that says what was wrong, before it costs the server minutes or gigabytes. The README lists them.
public enum FileLimits {
    /// Columns in a row. The registry has 19 and the widest department file a dozen; a file with hundreds of columns
    /// has the wrong delimiter or is not a table.
    public static let columns = 256
    /// Bytes in one record (a line, or several inside quotes). A registry row is about 200 bytes.
    public static let recordBytes = 64 * 1024
    /// Rows in a file read whole (the registry import): Excel's own limit.
    public static let tableRows = 1_048_576
    /// Bytes an XLSX workbook may inflate to, all parts together, counted as they are inflated (the sizes a zip file
    /// declares are the sender's word and are not trusted).
    public static let inflatedBytes = 256 * 1024 * 1024

    static func tooManyColumns(line: Int) -> String {
        "第\(line)行超过\(columns)列：请检查文件的分隔符，或是否选错了文件"
    }

    static func recordTooLong(line: Int) -> String {
        "第\(line)行超过\(recordBytes / 1024) KB：可能是引号没有闭合，或文件不是表格"
    }

    static let tooManyRows = "文件超过\(tableRows)行，请按乡镇拆分后分别导入"
    static let inflatedTooLarge = "工作簿解压后超过\(inflatedBytes / 1024 / 1024) MB，请另存为 CSV 或拆分后再上传"
}
