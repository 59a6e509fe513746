using Cdc.Binlog.Events;

namespace Cdc.Binlog.Tests.Unit;

/// <summary>
/// TABLE_MAP with every optional metadata field, and the row events that use it, from bytes laid out per
/// Table_map_event / Rows_event in https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html.
/// </summary>
public sealed class TableMapAndRowsTests
{
    private const ulong TableId = 0x0000_0102_0304;

    /// <summary>
    /// shop.items: id INT UNSIGNED, name VARCHAR(100) NULL utf8mb4, c CHAR(255) utf8mb4, l VARCHAR(10) latin1,
    /// e ENUM('a','é') latin1, s SET('x','y'), g POINT, d DECIMAL(10,2), t TIME(3), b BLOB (binary), h BIGINT NULL INVISIBLE.
    /// </summary>
    internal static Bytes ItemsTableMap(bool optionalMetadata = true)
    {
        byte[] types = [3, 15, 254, 15, 254, 254, 255, 246, 19, 252, 8];
        var metadata = new Bytes()
            .U16(400)           // VARCHAR(100) utf8mb4: max 400 bytes
            .Raw(0xCE, 0xFC)    // CHAR(255) utf8mb4 = 1020 bytes: 0xFE with bits 4-5 = inverted bits 8-9 of the length
            .U16(10)            // VARCHAR(10) latin1
            .Raw(0xF7, 0x01)    // real type ENUM, 1 byte
            .Raw(0xF8, 0x01)    // real type SET, 1 byte
            .U8(4)              // GEOMETRY: 4 length bytes
            .Raw(10, 2)         // DECIMAL precision, scale
            .U8(3)              // TIME2 fsp
            .U8(2);             // BLOB: 2 length bytes
        var body = new Bytes().U48(TableId).U16(1).U8(4).Zero("shop").U8(5).Zero("items")
            .LenEnc(types.Length).Raw(types).LenEnc(metadata.Length).Of(metadata)
            .Raw(0x02, 0x04); // nullable: name (bit 1), h (bit 10)
        if (!optionalMetadata)
            return body;
        string[] names = ["id", "name", "c", "l", "e", "s", "g", "d", "t", "b", "h"];
        var nameBlock = new Bytes();
        foreach (var n in names)
            nameBlock.LenEncText(n);
        return body
            .U8(1).LenEnc(1).U8(0x80)                                   // SIGNEDNESS over numeric columns id, d, h: id unsigned
            .U8(2).LenEnc(5).LenEnc(45).LenEnc(2).LenEnc(8).LenEnc(3).LenEnc(63) // DEFAULT_CHARSET 45; character column 2 (l) latin1, 3 (b) binary
            .U8(4).LenEnc(nameBlock.Length).Of(nameBlock)               // COLUMN_NAME
            .U8(5).LenEnc(5).LenEnc(2).LenEncText("x").LenEncText("y")  // SET_STR_VALUE
            .U8(6).LenEnc(5).LenEnc(2).LenEncText("a").LenEnc(1).U8(0xE9) // ENUM_STR_VALUE ('é' in latin1)
            .U8(7).LenEnc(1).LenEnc(1)                                  // GEOMETRY_TYPE: point
            .U8(9).LenEnc(4).LenEnc(0).LenEnc(0).LenEnc(1).LenEnc(10)   // PRIMARY_KEY_WITH_PREFIX: id, name(10)
            .U8(10).LenEnc(1).LenEnc(8)                                 // ENUM_AND_SET_DEFAULT_CHARSET latin1
            .U8(12).LenEnc(2).Raw(0xFF, 0xC0)                           // COLUMN_VISIBILITY: all but h
            .U8(99).LenEnc(2).Raw(1, 2);                                // a field from the future: skipped by its length
    }

    /// <summary>One row of shop.items in the binary row format, name NULL.</summary>
    private static Bytes ItemsRow() => new Bytes()
        .Raw(0x02, 0x00)                                   // NULL bitmap over the 11 present columns: name
        .U32(4_000_000_000)                                // id
        .U16(6).Text("héllo")                              // c: 2 length bytes since the max is 1020
        .U8(6).Raw(0x63, 0x61, 0x66, 0xE9, 0x20, 0x80)     // l: "café €" in latin1 (0x80 is the euro sign)
        .U8(2)                                             // e: index 2
        .U8(0x03)                                          // s: x and y
        .U32(25).Raw(new byte[4]).Hex("0101000000000000000000F03F0000000000000040") // g: SRID 0, WKB POINT(1 2)
        .Hex("7F439EB1A4")                                 // d: -12345678.91 (decimal2bin: 12345678 in 4 bytes, 91 in 1, sign bit, negated)
        .Hex("7FFFFEFFF6")                                 // t: -00:00:01.001 (TIME2 fsp 3: int part -2 + 2^23, fraction -10 as u16)
        .U16(3).Raw(0, 1, 2)                               // b
        .U64(ulong.MaxValue);                              // h: -1

    private static EventDecoder DecoderWithMap(bool optionalMetadata = true)
    {
        var decoder = new EventDecoder("bin.000001", hasChecksum: true, verifyChecksums: true);
        var bytes = Bytes.Event(BinlogEventType.TableMap, ItemsTableMap(optionalMetadata));
        decoder.Decode(bytes, 0, bytes.Length);
        return decoder;
    }

    [Fact]
    public void Table_map_decodes_types_and_all_optional_metadata()
    {
        var decoder = new EventDecoder("bin.000001", true, true);
        var bytes = Bytes.Event(BinlogEventType.TableMap, ItemsTableMap());

        var map = (TableMapEvent)decoder.Decode(bytes, 0, bytes.Length);

        map.TableId.Should().Be(TableId);
        (map.Database, map.Table).Should().Be(("shop", "items"));
        map.HasFullMetadata.Should().BeTrue();
        map.Columns.Select(c => c.Name).Should().Equal("id", "name", "c", "l", "e", "s", "g", "d", "t", "b", "h");
        map.Columns.Select(c => c.Type).Should().Equal(ColumnType.Long, ColumnType.VarChar, ColumnType.String, ColumnType.VarChar,
            ColumnType.Enum, ColumnType.Set, ColumnType.Geometry, ColumnType.NewDecimal, ColumnType.Time2, ColumnType.Blob, ColumnType.LongLong);
        map.Columns[2].Metadata.Should().Be(1020, "CHAR(255) in utf8mb4 keeps the length's high bits in the type byte");
        map.Columns.Select(c => c.IsNullable).Should().Equal(false, true, false, false, false, false, false, false, false, false, true);
        map.Columns.Select(c => c.IsUnsigned).Should().Equal(true, null, null, null, null, null, null, false, null, null, false);
        map.Columns.Select(c => c.Collation).Should().Equal(null, 45, 45, 8, 8, 8, null, null, null, 63, null);
        map.Columns[4].EnumValues.Should().Equal("a", "é");
        map.Columns[5].SetValues.Should().Equal("x", "y");
        map.Columns[6].GeometryType.Should().Be(1);
        (map.Columns[7].Precision, map.Columns[7].Scale).Should().Be((10, 2));
        map.Columns[8].FractionalSecondsPrecision.Should().Be(3);
        map.Columns.Select(c => c.IsVisible).Should().Equal(true, true, true, true, true, true, true, true, true, true, false);
        map.PrimaryKey.Should().Equal(new PrimaryKeyColumn(0, 0), new PrimaryKeyColumn(1, 10));
        map.FindColumn("D").Should().BeSameAs(map.Columns[7]);
    }

    [Fact]
    public void Simple_primary_key_and_per_column_charsets()
    {
        byte[] types = [3, 15, 15];
        var body = new Bytes().U48(1).U16(0).U8(1).Zero("s").U8(1).Zero("t").LenEnc(3).Raw(types)
            .LenEnc(4).U16(40).U16(40).Raw(0x00)
            .U8(3).LenEnc(2).LenEnc(45).LenEnc(8)   // COLUMN_CHARSET: one per character column
            .U8(8).LenEnc(2).LenEnc(2).LenEnc(0);   // SIMPLE_PRIMARY_KEY: (c2, c0)
        var bytes = Bytes.Event(BinlogEventType.TableMap, body);

        var map = (TableMapEvent)new EventDecoder("f", true, true).Decode(bytes, 0, bytes.Length);

        map.Columns.Select(c => c.Collation).Should().Equal(null, 45, 8);
        map.PrimaryKey.Should().Equal(new PrimaryKeyColumn(2, 0), new PrimaryKeyColumn(0, 0));
        map.HasFullMetadata.Should().BeFalse("no column names were logged");
    }

    [Fact]
    public void Write_rows_v2_skips_the_extra_data_and_decodes_every_column()
    {
        var decoder = DecoderWithMap();
        // WRITE_ROWS v2: table id (6), flags (STMT_END_F), extra-data length (2, counting itself) + extra data,
        // column count, columns-present bitmap, rows.
        var body = new Bytes().U48(TableId).U16(1).U16(5).Raw(0x00, 0x01, 0xFF).LenEnc(11).Raw(0xFF, 0x07).Of(ItemsRow()).Of(ItemsRow());
        var bytes = Bytes.Event(BinlogEventType.WriteRowsV2, body);

        var write = (WriteRowsEvent)decoder.Decode(bytes, 0, bytes.Length);

        write.Table.Table.Should().Be("items");
        write.IsEndOfStatement.Should().BeTrue();
        write.Rows.Should().HaveCount(2);
        var row = write.Rows[0];
        row.ToArray().Should().BeEquivalentTo(new object?[]
        {
            4_000_000_000UL, null, "héllo", "café €", "é", "x,y",
            Convert.FromHexString("000000000101000000000000000000F03F0000000000000040"),
            "-12345678.91", -TimeSpan.FromMilliseconds(1001), new byte[] { 0, 1, 2 }, -1L,
        }, o => o.WithStrictOrdering());
        row.ColumnsPresent.Should().OnlyContain(p => p);
    }

    [Fact]
    public void Update_rows_v1_has_before_and_after_images_with_their_own_bitmaps()
    {
        var decoder = DecoderWithMap();
        // UPDATE_ROWS v1: table id, flags, column count, present-before bitmap, present-after bitmap, then pairs.
        // Before: only id present (0x01); after: id and h (0x01, 0x04).
        var body = new Bytes().U48(TableId).U16(0).LenEnc(11).Raw(0x01, 0x00).Raw(0x01, 0x04)
            .U8(0x00).U32(7)              // before: id = 7
            .U8(0x02).U32(7);             // after: id = 7, h NULL (second present column)
        var bytes = Bytes.Event(BinlogEventType.UpdateRowsV1, body);

        var update = (UpdateRowsEvent)decoder.Decode(bytes, 0, bytes.Length);

        var change = update.Rows.Should().ContainSingle().Subject;
        change.Before[0].Should().Be(7UL);
        change.Before.ColumnsPresent.Count(p => p).Should().Be(1);
        change.After.IsPresent(10).Should().BeTrue();
        change.After[10].Should().BeNull();
        change.After.IsPresent(2).Should().BeFalse();
    }

    [Fact]
    public void Delete_rows_v1()
    {
        var decoder = DecoderWithMap();
        var body = new Bytes().U48(TableId).U16(1).LenEnc(11).Raw(0xFF, 0x07).Of(ItemsRow());
        var bytes = Bytes.Event(BinlogEventType.DeleteRowsV1, body);

        var delete = (DeleteRowsEvent)decoder.Decode(bytes, 0, bytes.Length);

        delete.Rows.Should().ContainSingle().Which[3].Should().Be("café €");
    }

    [Fact]
    public void Without_optional_metadata_values_fall_back_to_raw_forms()
    {
        var decoder = DecoderWithMap(optionalMetadata: false);
        var body = new Bytes().U48(TableId).U16(1).LenEnc(11).Raw(0xFF, 0x07).Of(ItemsRow());
        var bytes = Bytes.Event(BinlogEventType.WriteRowsV1, body);

        var row = ((WriteRowsEvent)decoder.Decode(bytes, 0, bytes.Length)).Rows.Single();

        row[0].Should().Be(-294967296L, "without signedness metadata integers read as signed");
        row[4].Should().Be(2L, "without ENUM symbols the index is returned");
        row[5].Should().Be(3UL, "without SET symbols the bit mask is returned");
        row[9].Should().BeOfType<byte[]>("without charsets BLOB and TEXT cannot be told apart");
        ((WriteRowsEvent)decoder.Decode(bytes, 0, bytes.Length)).Table.HasFullMetadata.Should().BeFalse();
    }

    [Fact]
    public void Row_event_without_its_table_map_asks_to_resume_at_a_transaction_boundary()
    {
        var decoder = new EventDecoder("bin.000001", true, true);
        var bytes = Bytes.Event(BinlogEventType.WriteRowsV1, new Bytes().U48(99).U16(0).LenEnc(1).U8(1).U8(0).U32(1));

        var act = () => decoder.Decode(bytes, 0, bytes.Length);

        act.Should().Throw<BinlogProtocolException>().WithMessage("*table id 99*transaction boundary*");
    }

    [Theory]
    [InlineData("10.11.19-MariaDB-log", 8)]
    [InlineData("8.0.36", 45)]
    public void Mariadb_counts_geometry_among_character_columns_and_mysql_does_not(string serverVersion, int expectedCollation)
    {
        // g GEOMETRY, v VARCHAR(10): DEFAULT_CHARSET 45 with one exception, character column 1 → latin1 (8).
        // MariaDB lists g as character column 0 (so v is 1 and latin1); MySQL lists only v (index 0, default 45).
        var decoder = new EventDecoder("f", true, true);
        var fde = EventDecoderTests.FormatDescription(1, serverVersion);
        decoder.Decode(fde, 0, fde.Length);
        var body = new Bytes().U48(1).U16(0).U8(1).Zero("s").U8(1).Zero("t").LenEnc(2).Raw(255, 15)
            .LenEnc(3).U8(4).U16(10).Raw(0x03)
            .U8(2).LenEnc(3).LenEnc(45).LenEnc(1).LenEnc(8);
        var bytes = Bytes.Event(BinlogEventType.TableMap, body);

        var map = (TableMapEvent)decoder.Decode(bytes, 0, bytes.Length);

        map.Columns[1].Collation.Should().Be(expectedCollation);
    }

    [Fact]
    public void Table_maps_are_forgotten_at_commit()
    {
        // Servers map tables again in every transaction; the decoder keeps maps only until XID.
        var decoder = DecoderWithMap();
        var xid = Bytes.Event(BinlogEventType.Xid, new Bytes().U64(1));
        decoder.Decode(xid, 0, xid.Length);
        var rows = Bytes.Event(BinlogEventType.DeleteRowsV1, new Bytes().U48(TableId).U16(1).LenEnc(11).Raw(0xFF, 0x07).Of(ItemsRow()));

        var act = () => decoder.Decode(rows, 0, rows.Length);

        act.Should().Throw<BinlogProtocolException>().WithMessage("*no TABLE_MAP*");
    }

    [Theory]
    [InlineData("10.11.19-MariaDB-log", false)]
    [InlineData("8.0.36", true)]
    public void Mariadb_counts_year_among_numeric_columns_of_the_signedness_bits_and_mysql_does_not(string serverVersion, bool expectedUnsigned)
    {
        // y YEAR, m MEDIUMINT, SIGNEDNESS 0x80: MariaDB 10.11 gives y the first bit (YEAR is unsigned to it) and m the
        // second (signed); MySQL counts m only, so m takes the first bit.
        var decoder = new EventDecoder("f", true, true);
        var fde = EventDecoderTests.FormatDescription(1, serverVersion);
        decoder.Decode(fde, 0, fde.Length);
        var body = new Bytes().U48(1).U16(0).U8(1).Zero("s").U8(1).Zero("t").LenEnc(2).Raw(13, 9)
            .LenEnc(0).Raw(0x03)
            .U8(1).LenEnc(1).Raw(0x80);
        var bytes = Bytes.Event(BinlogEventType.TableMap, body);

        var map = (TableMapEvent)decoder.Decode(bytes, 0, bytes.Length);

        map.Columns[1].IsUnsigned.Should().Be(expectedUnsigned);
    }
}
