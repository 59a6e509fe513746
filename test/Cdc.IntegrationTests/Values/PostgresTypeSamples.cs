namespace Cdc.IntegrationTests.Values;

/// <summary>
/// Values of every PostgreSQL type a table column can have here (base types of pg_catalog and of the extensions
/// hstore, ltree and citext, ranges, multiranges, and the test's own enum, composite and domains): edge values and
/// ordinary ones, as SQL literals of the type.
/// </summary>
internal static class PostgresTypeSamples
{
    /// <summary>Types created by the test in both databases (the target needs them to have the same column types).</summary>
    public const string UserTypes = """
        CREATE EXTENSION hstore; CREATE EXTENSION ltree; CREATE EXTENSION citext;
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE TYPE pair AS (n integer, label text, at timestamp);
        CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
        CREATE DOMAIN short_text AS varchar(5);
        CREATE DOMAIN matrix AS integer[];
        """;

    /// <summary>Types whose input function refuses every value (internal types): a column of them can only hold NULL.</summary>
    public static readonly HashSet<string> InputRefused =
    [
        "ghstore", "gtsvector", "ltree_gist", "pg_brin_bloom_summary", "pg_brin_minmax_multi_summary", "pg_dependencies",
        "pg_mcv_list", "pg_ndistinct", "pg_node_tree",
    ];

    /// <summary>The column type to declare for a type name when its bare name would be too narrow (bit is bit(1)).</summary>
    public static readonly Dictionary<string, string> Declared = new()
    {
        ["bit"] = "bit(3)",
        ["bpchar"] = "character(3)",
    };

    public static readonly Dictionary<string, string[]> Values = new()
    {
        ["aclitem"] = ["cdc=arwdDxt/cdc", "=r/cdc"],
        ["bit"] = ["101", "000", "111"],
        ["bool"] = ["true", "false"],
        ["box"] = ["(1,1),(0,0)", "(-1.5,2e10),(0,-0)"],
        ["bpchar"] = ["ab", "", "a c"],
        ["bytea"] = ["\\x00ff10", "\\x", "\\x5c22"],
        ["char"] = ["a", "\\", ""],
        ["cid"] = ["0", "4294967295"],
        ["cidr"] = ["10.0.0.0/8", "2001:db8::/32", "192.168.1.1/32"],
        ["circle"] = ["<(0,0),1>", "<(1.5,-2),0.001>"],
        ["citext"] = ["MiXeD Case", "", "é 🌍"],
        ["date"] = ["2024-02-29", "4713-01-01 BC", "5874897-12-31", "infinity", "-infinity", "0001-01-01"],
        ["datemultirange"] = ["{}", "{[2024-01-01,2024-02-01),[2024-03-01,)}"],
        ["daterange"] = ["empty", "[2024-01-01,2024-12-31)", "(,)"],
        ["float4"] = ["3.14", "NaN", "-Infinity", "-0", "1.4e-45", "3.4028235e38"],
        ["float8"] = ["2.718281828459045", "Infinity", "NaN", "4.9e-324", "1.7976931348623157e308"],
        ["hstore"] = ["a=>1, \"b c\"=>NULL", "", "\"k\\\"q\"=>\"v,w\""],
        ["inet"] = ["192.168.0.1/24", "::1", "2001:db8::ff00:42:8329/64"],
        ["int2"] = ["-32768", "32767", "0"],
        ["int2vector"] = ["1 2 3", ""],
        ["int4"] = ["-2147483648", "2147483647", "0"],
        ["int4multirange"] = ["{}", "{[1,3),[5,9)}"],
        ["int4range"] = ["empty", "[1,10)", "(,5]"],
        ["int8"] = ["-9223372036854775808", "9223372036854775807", "0"],
        ["int8multirange"] = ["{[-9223372036854775808,0)}", "{}"],
        ["int8range"] = ["[0,9223372036854775807)", "empty"],
        ["interval"] = ["1 year 2 mons 3 days 04:05:06.789", "-178000000 years", "00:00:00", "-1 days +23:59:59.999999"],
        ["json"] = ["{\"a\":  [1, 2, {\"b\": null}]}", "null", "[]", "\"\\u00e9\""],
        ["jsonb"] = ["{\"k\": \"v\", \"n\": 1.50}", "[]", "null"],
        ["jsonpath"] = ["$.a[*] ? (@ > 1)", "$"],
        ["line"] = ["{1,-1,0}", "{0,1,-2.5}"],
        ["lquery"] = ["*.foo.*", "a.b|c.d"],
        ["lseg"] = ["[(0,0),(1,1)]", "[(-1e10,2),(3,4.5)]"],
        ["ltree"] = ["Top.Science.Astronomy", ""],
        ["ltxtquery"] = ["Europe & Russia*@ & !Transportation", "a"],
        ["macaddr"] = ["08:00:2b:01:02:03", "ff:ff:ff:ff:ff:ff"],
        ["macaddr8"] = ["08:00:2b:01:02:03:04:05", "00:00:00:ff:fe:00:00:00"],
        ["money"] = ["12.34", "-92233720368547758.08", "92233720368547758.07"],
        ["name"] = ["a name", "", "ünïcode"],
        ["numeric"] = ["NaN", "Infinity", "-Infinity", "-0.000000000000000000001", "123456789012345678901234567890.123456789", "0"],
        ["nummultirange"] = ["{[1.5,2.5]}", "{}"],
        ["numrange"] = ["[1.5,2.5]", "empty", "(,0.1)"],
        ["oid"] = ["0", "4294967295"],
        ["oidvector"] = ["1 2 3", ""],
        ["path"] = ["[(0,0),(1,1),(2,0)]", "((0,0),(1,1))"],
        ["pg_lsn"] = ["16/B374D848", "0/0", "FFFFFFFF/FFFFFFFF"],
        ["pg_snapshot"] = ["10:20:10,14,15", "1:1:"],
        ["point"] = ["(1,2)", "(-0,1e-300)", "(NaN,Infinity)"],
        ["polygon"] = ["((0,0),(1,1),(1,0))", "((0,0))"],
        ["refcursor"] = ["my cursor", ""],
        ["regclass"] = ["pg_class", "pg_catalog.pg_type", "0"],
        ["regcollation"] = ["\"C\"", "\"POSIX\""],
        ["regconfig"] = ["english", "simple"],
        ["regdictionary"] = ["simple", "english_stem"],
        ["regnamespace"] = ["pg_catalog", "public"],
        ["regoper"] = ["||/", "0"],
        ["regoperator"] = ["+(integer,integer)", "0"],
        ["regproc"] = ["now", "-"],
        ["regprocedure"] = ["now()", "abs(integer)"],
        ["regrole"] = ["cdc", "-"],
        ["regtype"] = ["integer", "character varying", "-"],
        ["text"] = ["héllo 🌍 'quoted'", "", "NULL", "a\\b\"c{d},e"],
        ["tid"] = ["(0,1)", "(4294967295,65535)"],
        ["time"] = ["23:59:59.999999", "00:00:00", "24:00:00"],
        ["timestamp"] = ["2024-02-29 12:34:56.123456", "294276-12-31 23:59:59.999999", "4713-01-01 00:00:00 BC", "infinity", "-infinity", "0001-01-01 00:00:00"],
        ["timestamptz"] = ["2024-02-29 12:34:56.5+02", "294276-12-31 23:59:59.999999+00", "4713-01-01 00:00:00+00 BC", "infinity", "-infinity"],
        ["timetz"] = ["12:00:00+02", "00:00:00-15:59", "24:00:00+15:59", "23:59:59.999999+00"],
        ["tsmultirange"] = ["{[2024-01-01 00:00:00,2024-01-02 00:00:00)}", "{}"],
        ["tsquery"] = ["fat & (rat | cat)", "'a b' & !c:*"],
        ["tsrange"] = ["[2024-01-01 00:00:00,294276-12-31 23:59:59.999999]", "empty"],
        ["tstzmultirange"] = ["{[2024-01-01 00:00:00+00,infinity)}", "{}"],
        ["tstzrange"] = ["[2024-01-01 00:00:00+00,2024-01-02 00:00:00+00)", "empty"],
        ["tsvector"] = ["a fat cat sat:3A,4", "", "'a b':1"],
        ["txid_snapshot"] = ["10:20:10,14,15", "1:1:"],
        ["uuid"] = ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "00000000-0000-0000-0000-000000000000"],
        ["varbit"] = ["10101", "", "1"],
        ["varchar"] = ["varchar", "", "🌍"],
        ["xid"] = ["0", "4294967295"],
        ["xid8"] = ["0", "18446744073709551615"],
        ["xml"] = ["<a b=\"1\">text &amp; more</a>", "plain text", ""],
        ["mood"] = ["happy", "sad"],
        ["pair"] = ["(1,\"a b\",\"294276-12-31 23:59:59.999999\")", "(,,)", "(-5,\"\",)"],
        ["positive"] = ["1", "2147483647"],
        ["short_text"] = ["abcde", ""],
        ["matrix"] = ["{{1,2},{3,4}}", "{}", "[0:1]={5,NULL}"],
    };
}
