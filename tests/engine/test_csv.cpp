#include <catch2/catch.hpp>

#include "hwnas/csv.hpp"
#include "hwnas/csv_reader.hpp"
#include "test_support.hpp"

TEST_CASE("CSV files read header, rows and numbers") {
    const auto dir = hwnas::test::temp_dir("csv");
    hwnas::test::write_file(dir / "t.csv", "key,a,b\r\nx,1.5,2\r\n\ny,-3e2,0.1\nz,,\n");
    const hwnas::CsvFile csv(dir / "t.csv");
    REQUIRE(csv.rows() == 3);
    CHECK(csv.column("b") == 2);
    CHECK(csv.text(0, 2) == "2");  // without the line's '\r'
    CHECK(csv.text(1, 0) == "y");
    CHECK(csv.number(1, 1) == -300.0);
    CHECK(csv.text(1, 2) == "0.1");
    CHECK(csv.line(1) == 4);  // the blank line still counts
    CHECK(csv.text(2, 1).empty());  // empty fields, in the middle and at the end
    CHECK(csv.text(2, 2).empty());
}

TEST_CASE("CSV errors name the file, line and column") {
    const auto dir = hwnas::test::temp_dir("csv");
    hwnas::test::write_file(dir / "bad.csv", "key,a\nx,1\ny,abc\n");
    const hwnas::CsvFile csv(dir / "bad.csv");
    CHECK_THROWS_WITH(csv.number(1, 1), Catch::Contains("bad.csv:3: column 'a'") && Catch::Contains("found 'abc'"));
    CHECK_THROWS_WITH(csv.column("latency"), Catch::Contains("no column 'latency'") && Catch::Contains("key, a"));

    hwnas::test::write_file(dir / "ragged.csv", "key,a\nx,1,2\n");
    CHECK_THROWS_WITH(hwnas::CsvFile(dir / "ragged.csv"), Catch::Contains("ragged.csv:2: expected 2 fields"));
    CHECK_THROWS_WITH(hwnas::CsvFile(dir / "missing.csv"), Catch::Contains("missing.csv: cannot open"));
}

TEST_CASE("CsvReader streams the rows CsvFile holds, with the same lines and fields") {
    const auto dir = hwnas::test::temp_dir("csv");
    hwnas::test::write_file(dir / "t.csv", "key,a,b\r\nx,1.5,2\r\n\ny,-3e2,0.1\nz,,\n");
    hwnas::CsvReader reader(dir / "t.csv");
    CHECK(reader.header() == std::vector<std::string>{"key", "a", "b"});
    CHECK(reader.column("b") == 2);
    REQUIRE(reader.next());
    CHECK(reader.field(2) == "2");  // without the line's '\r'
    CHECK(reader.line() == 2);
    REQUIRE(reader.next());
    CHECK(reader.field(0) == "y");
    CHECK(reader.number(1) == -300.0);
    CHECK(reader.line() == 4);  // the blank line still counts
    REQUIRE(reader.next());
    CHECK(reader.field(1).empty());
    CHECK(reader.field(2).empty());
    CHECK(reader.rows() == 3);
    CHECK_FALSE(reader.next());
    CHECK_FALSE(reader.next());
}

TEST_CASE("CsvReader reads lines across its buffer's edges and longer than its buffer") {
    // About 1 MB: rows cross the reader's 256 KB reads; one field alone is
    // larger than a read; the last line has no newline.
    std::string text = "id,value,note\n";
    for (int i = 0; i < 30000; ++i) text += std::to_string(i) + "," + std::to_string(i * 0.25) + ",n" + std::to_string(i % 7) + "\n";
    text += "long," + std::to_string(1.0) + "," + std::string(600'000, 'x') + "\n";
    text += "last,2,end";
    const auto dir = hwnas::test::temp_dir("csv");
    hwnas::test::write_file(dir / "big.csv", text);

    const hwnas::CsvFile whole(dir / "big.csv");
    hwnas::CsvReader reader(dir / "big.csv");
    std::size_t row = 0;
    std::size_t mismatches = 0;
    while (reader.next()) {
        REQUIRE(row < whole.rows());
        for (std::size_t c = 0; c < 3; ++c) mismatches += reader.field(c) == whole.text(row, c) ? 0 : 1;
        mismatches += reader.line() == whole.line(row) ? 0 : 1;
        ++row;
    }
    CHECK(mismatches == 0);
    CHECK(row == 30002);
    CHECK(row == whole.rows());
    CHECK(hwnas::csv_line_count(dir / "big.csv") == 30002);
}

TEST_CASE("CsvReader errors name the file, line and column") {
    const auto dir = hwnas::test::temp_dir("csv");
    hwnas::test::write_file(dir / "bad.csv", "key,a\nx,1\ny,abc\nz,1,2\n");
    hwnas::CsvReader reader(dir / "bad.csv");
    CHECK_THROWS_WITH(reader.column("latency"), Catch::Contains("bad.csv:1: no column 'latency'") && Catch::Contains("key, a"));
    REQUIRE(reader.next());
    CHECK(reader.number(1) == 1.0);
    REQUIRE(reader.next());
    CHECK_THROWS_WITH(reader.number(1), Catch::Contains("bad.csv:3: column 'a'") && Catch::Contains("found 'abc'"));
    CHECK_THROWS_WITH(reader.next(), Catch::Contains("bad.csv:4: expected 2 fields") && Catch::Contains("found 3"));

    hwnas::test::write_file(dir / "empty.csv", "\n\n");
    CHECK_THROWS_WITH(hwnas::CsvReader(dir / "empty.csv"), Catch::Contains("empty.csv: empty file, expected a header"));
    CHECK_THROWS_WITH(hwnas::CsvReader(dir / "missing.csv"), Catch::Contains("missing.csv: cannot open"));
    CHECK_THROWS_WITH(hwnas::csv_line_count(dir / "missing.csv"), Catch::Contains("missing.csv: cannot open"));
}
