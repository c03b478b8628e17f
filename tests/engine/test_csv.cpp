#include <catch2/catch.hpp>

#include "hwnas/csv.hpp"
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
