using System.Text;

namespace Cdc.Binlog.Values;

/// <summary>
/// Maps a MySQL/MariaDB collation id (https://dev.mysql.com/doc/refman/8.0/en/information-schema-collations-table.html)
/// to the .NET encoding of its character set. The binary collation (63) maps to null: such columns are bytes.
/// Collations not listed here are taken as UTF-8, the default of every supported server.
/// </summary>
internal static class CharsetEncoding
{
    public const int Binary = 63;
    public const int Utf8Mb4GeneralCi = 45;

    private static readonly Dictionary<int, int> CodePages = Build();

    /// <summary>The encoding of a collation, or null for binary.</summary>
    public static Encoding? ForCollation(int collation)
    {
        // MariaDB numbers its NO PAD variants as the PAD collation + 1024.
        var id = collation is >= 1024 and < 2048 ? collation - 1024 : collation;
        if (id == Binary)
            return null;
        if (!CodePages.TryGetValue(id, out var codePage))
            return Encoding.UTF8;
        return codePage switch
        {
            1252 => MySqlLatin1Encoding.Instance,
            20127 => Encoding.ASCII,
            1201 => Encoding.BigEndianUnicode,
            1200 => Encoding.Unicode,
            12001 => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
            _ => CodePagesEncodingProvider.Instance.GetEncoding(codePage) ?? Encoding.UTF8,
        };
    }

    private static Dictionary<int, int> Build()
    {
        var map = new Dictionary<int, int>();
        void Add(int codePage, params int[] ids)
        {
            foreach (var id in ids)
                map[id] = codePage;
        }
        Add(1252, 5, 8, 15, 31, 47, 48, 49, 94); // latin1
        Add(20127, 11, 65); // ascii
        Add(28592, 2, 9, 21, 27, 77); // latin2
        Add(1250, 26, 34, 44, 66, 99); // cp1250
        Add(1251, 14, 23, 50, 51, 52); // cp1251
        Add(1256, 57, 67); // cp1256
        Add(1257, 29, 58, 59); // cp1257
        Add(28597, 25, 70); // greek
        Add(28595, 16, 71); // hebrew
        Add(20866, 7, 74); // koi8r
        Add(932, 13, 88, 95, 96); // sjis, cp932
        Add(936, 24, 28, 86, 87); // gb2312, gbk
        Add(950, 1, 84); // big5
        Add(949, 19, 85); // euckr
        Add(1201, 35, 90, 159); // ucs2 (big-endian)
        Add(1201, 54, 55); // utf16
        Add(1200, 56, 62); // utf16le
        Add(12001, 60, 61); // utf32
        for (var id = 128; id <= 151; id++)
            map[id] = 1201; // ucs2 unicode collations
        for (var id = 101; id <= 124; id++)
            map[id] = 1201; // utf16 unicode collations
        for (var id = 160; id <= 183; id++)
            map[id] = 12001; // utf32 unicode collations
        return map;
    }
}
