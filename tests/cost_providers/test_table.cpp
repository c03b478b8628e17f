// The table provider on small CSV files written by the tests, over toy spaces
// (the real NB201 tables are checked end to end through the CLI).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <nlohmann/json.hpp>

#include "hwnas/plugin.hpp"
#include "table_provider.hpp"
#include "test_support.hpp"

// Counts heap allocations so a test can check that evaluate() makes none.
// They are not inlined: GCC would otherwise see free() of a pointer
// from operator new and warn (-Wmismatched-new-delete), not knowing it came
// from malloc here.
namespace {
std::atomic<std::size_t> allocations{0};
}
[[gnu::noinline]] void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}
[[gnu::noinline]] void* operator new[](std::size_t size) { return ::operator new(size); }
[[gnu::noinline]] void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
    return ::operator new(size, tag);
}
// Every form of delete frees what every form of new above allocated; a
// sanitizer checks the pairs, so none is left to the runtime's own.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace {

using hwnas::Architecture;
using hwnas::Direction;
using hwnas::TableProvider;
using Catch::Contains;
using Json = nlohmann::json;
namespace fs = std::filesystem;

/// `genes` decisions of `choices` options labelled a, b, c...; its native
/// string joins the labels with '/', e.g. "a/c/b". Optionally too large to
/// enumerate, to force the hash-map storage.
class ToySpace : public hwnas::SearchSpace {
public:
    explicit ToySpace(std::string name = "toy", std::size_t genes = 3, std::size_t choices = 3, bool enumerable = true)
        : name_(std::move(name)), enumerable_(enumerable) {
        for (std::size_t g = 0; g < genes; ++g) {
            hwnas::Dimension d{"gene " + std::to_string(g), {}};
            for (std::size_t c = 0; c < choices; ++c) d.labels.push_back(std::string(1, static_cast<char>('a' + c)));
            dims_.push_back(std::move(d));
        }
    }
    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] std::span<const hwnas::Dimension> dimensions() const override { return dims_; }
    [[nodiscard]] std::optional<std::uint64_t> size() const override {
        return enumerable_ ? SearchSpace::size() : std::nullopt;
    }
    [[nodiscard]] std::string to_string(const Architecture& arch) const override {
        std::string out;
        for (std::size_t g = 0; g < arch.size(); ++g) out += (g ? "/" : "") + dims_[g].labels[arch[g]];
        return out;
    }
    [[nodiscard]] Architecture parse(std::string_view text) const override {
        if (text.find('/') == std::string_view::npos) return SearchSpace::parse(text);
        Architecture arch;
        std::size_t g = 0;
        for (std::size_t i = 0; i < text.size(); i += 2, ++g) {
            const auto choice = static_cast<Architecture::Gene>(text[i] - 'a');
            if (g >= dims_.size() || choice >= dims_[g].size()) throw hwnas::Error("'" + std::string(text) + "' is not a toy cell");
            arch.resize(g + 1);
            arch[g] = choice;
        }
        check_valid(arch, text);
        return arch;
    }

private:
    std::string name_;
    bool enumerable_;
    std::vector<hwnas::Dimension> dims_;
};

const char* const metrics_csv =
    "index,arch_str,cifar10.test_acc,cifar100.test_acc,pixel3_latency,x_energy,flops,score\n"
    "0,0-0-0,91.5,70.25,3.125,1.5,100,7\n"
    "1,a/a/b,92.75,71.5,4.5,2.5,200,8\n"
    "2,2-1-0,10,1,0.0033,0.25,50,9\n";

/// A temp folder as data directory (config directory: its "config" subfolder)
/// and providers made on it.
struct Fixture {
    fs::path dir = hwnas::test::temp_dir("table");
    ToySpace space;

    Fixture() { write("metrics.csv", metrics_csv); }
    ~Fixture() { fs::remove_all(dir); }

    void write(const std::string& file, const std::string& text) const { hwnas::test::write_file(dir / file, text); }

    [[nodiscard]] TableProvider make(const Json& params, const std::string& dataset = "cifar10",
                                     const hwnas::SearchSpace* on = nullptr, hwnas::SharedData* shared = nullptr) const {
        const hwnas::PluginContext context{params, dir, dir / "config", dataset, on ? on : &space, shared};
        return TableProvider(context);
    }
    [[nodiscard]] TableProvider make_table(Json declaration, const std::string& dataset = "cifar10",
                                           hwnas::SharedData* shared = nullptr) const {
        return make({{"tables", Json::array({std::move(declaration)})}, {"preset", "none"}}, dataset, nullptr, shared);
    }
};

std::vector<std::string> names(const TableProvider& provider) {
    std::vector<std::string> out;
    for (const auto& m : provider.metrics()) out.push_back(m.name);
    return out;
}

std::size_t id_of(const TableProvider& provider, const std::string& metric) {
    const auto all = names(provider);
    const auto it = std::find(all.begin(), all.end(), metric);
    if (it == all.end()) throw std::logic_error("no metric " + metric);
    return static_cast<std::size_t>(it - all.begin());
}

const hwnas::MetricInfo& info(const TableProvider& provider, const std::string& metric) {
    return provider.metrics()[id_of(provider, metric)];
}

double value(const TableProvider& provider, const Architecture& arch, const std::string& metric) {
    const std::size_t id = id_of(provider, metric);
    double out = 0.0;
    provider.evaluate(arch, {&id, 1}, {&out, 1});
    return out;
}

const Json metrics_table = {{"file", "metrics.csv"}};

}  // namespace

TEST_CASE("values are read back exactly, keys in native or genes form") {
    const Fixture f;
    const auto provider = f.make_table(metrics_table);
    CHECK(names(provider) == std::vector<std::string>{"test_acc", "pixel3_latency", "x_energy", "flops", "score"});
    CHECK(provider.uses_space_index());
    CHECK(value(provider, {0, 0, 0}, "test_acc") == 91.5);
    CHECK(value(provider, {0, 0, 1}, "test_acc") == 92.75);  // key written "a/a/b"
    CHECK(value(provider, {2, 1, 0}, "pixel3_latency") == 0.0033);
    CHECK(value(provider, {2, 1, 0}, "flops") == 50.0);

    // Several metrics at once, in the order asked for.
    const std::vector<std::size_t> ids{id_of(provider, "score"), id_of(provider, "test_acc")};
    std::vector<double> out(2);
    provider.evaluate({0, 0, 1}, ids, out);
    CHECK(out == std::vector<double>{8.0, 92.75});
    CHECK(provider.query_cost_seconds({0, 0, 1}) == 0.0);
}

TEST_CASE("evaluate does not allocate") {
    const Fixture f;
    const std::size_t at_start = allocations.load();
    const auto provider = f.make_table(metrics_table);
    CHECK(allocations.load() > at_start);  // the counter does see allocations
    const std::vector<std::size_t> ids{0, 1, 2, 3, 4};
    std::vector<double> out(ids.size());
    const Architecture arch{2, 1, 0};
    const std::size_t before = allocations.load();
    for (int i = 0; i < 1000; ++i) provider.evaluate(arch, ids, out);
    CHECK(allocations.load() == before);
    CHECK(out[0] == 10.0);
}

TEST_CASE("the dataset selects '<dataset>.<metric>' columns") {
    const Fixture f;
    CHECK(value(f.make_table(metrics_table, "cifar100"), {0, 0, 1}, "test_acc") == 71.5);
    CHECK(names(f.make_table(metrics_table, "ImageNet16-120")) ==
          std::vector<std::string>{"pixel3_latency", "x_energy", "flops", "score"});
    // No dataset: every column under its full name.
    const auto all = f.make_table(metrics_table, "");
    CHECK(names(all) ==
          std::vector<std::string>{"cifar10.test_acc", "cifar100.test_acc", "pixel3_latency", "x_energy", "flops", "score"});
    CHECK(value(all, {0, 0, 0}, "cifar100.test_acc") == 70.25);
}

TEST_CASE("providers of several datasets on one space share the file and the columns they both read") {
    const Fixture f;
    hwnas::SharedData shared;
    const auto cifar10 = f.make_table(metrics_table, "cifar10", &shared);
    // The file's header, its row index, the pass that read the 5 columns
    // cifar10 needs, and each of them.
    CHECK(shared.size() == 8);
    const auto cifar100 = f.make_table(metrics_table, "cifar100", &shared);
    CHECK(shared.size() == 10);  // a pass for cifar100.test_acc alone, and the column
    const auto again = f.make_table(metrics_table, "cifar10", &shared);
    CHECK(shared.size() == 10);

    const auto alone = f.make_table(metrics_table, "cifar100");  // nothing shared: the same answers
    for (const Architecture& arch : {Architecture{0, 0, 0}, Architecture{0, 0, 1}, Architecture{2, 1, 0}}) {
        for (const std::string metric : {"test_acc", "pixel3_latency", "score"}) {
            CHECK(value(cifar100, arch, metric) == value(alone, arch, metric));
            CHECK(value(again, arch, metric) == value(cifar10, arch, metric));
        }
    }
    CHECK(value(cifar10, {0, 0, 1}, "test_acc") == 92.75);
    CHECK(value(cifar100, {0, 0, 1}, "test_acc") == 71.5);
}

TEST_CASE("declared columns are used in their order, named with or without the dataset") {
    const Fixture f;
    const auto provider = f.make_table({{"file", "metrics.csv"}, {"columns", {"flops", "test_acc"}}}, "cifar100");
    CHECK(names(provider) == std::vector<std::string>{"flops", "test_acc"});
    CHECK(value(provider, {0, 0, 0}, "test_acc") == 70.25);
    const auto qualified = f.make_table({{"file", "metrics.csv"}, {"columns", {"cifar100.test_acc"}}}, "cifar100");
    CHECK(names(qualified) == std::vector<std::string>{"test_acc"});
    CHECK_THROWS_WITH(f.make_table({{"file", "metrics.csv"}, {"columns", {"test_acc", "cifar10.test_acc"}}}),
                      Contains("metric 'test_acc' is offered twice") && Contains("column 'cifar10.test_acc'"));
    CHECK_THROWS_WITH(f.make_table({{"file", "metrics.csv"}, {"columns", {"cifar100.test_acc"}}}),
                      Contains("metrics.csv:1: column 'cifar100.test_acc'") && Contains("/tables/0/columns/0") &&
                          Contains("belongs to dataset 'cifar100'") && Contains("dataset is 'cifar10'"));
}

TEST_CASE("units and directions: first matching rule, then the built-in fallbacks") {
    const Fixture f;
    const auto guessed = f.make_table(metrics_table);
    CHECK(info(guessed, "test_acc").unit == "%");
    CHECK(info(guessed, "test_acc").better == Direction::higher_is_better);
    CHECK(info(guessed, "pixel3_latency").unit == "ms");
    CHECK(info(guessed, "pixel3_latency").better == Direction::lower_is_better);
    CHECK(info(guessed, "x_energy").unit == "mJ");
    CHECK(info(guessed, "flops").unit.empty());
    CHECK(info(guessed, "flops").better == Direction::lower_is_better);
    CHECK(info(guessed, "score").better == Direction::lower_is_better);
    CHECK(info(guessed, "score").description == "metrics.csv, column score");

    Json declaration = metrics_table;
    declaration["units"] = {
        {{"match", "sc?re"}, {"unit", "pts"}, {"better", "higher"}, {"description", "a score"}},
        {{"match", "*latency*"}, {"better", "higher"}},  // unit left to the fallback
        {{"match", "flops"}, {"unit", "MFLOPs"}},
        {{"match", "*"}, {"unit", "first rule wins"}},
        {{"match", "score"}, {"unit", "never reached"}},
        {{"match", "cifar10.test_acc"}, {"unit", "never reached"}},
    };
    const auto ruled = f.make_table(declaration);
    CHECK(info(ruled, "score").unit == "pts");
    CHECK(info(ruled, "score").better == Direction::higher_is_better);
    CHECK(info(ruled, "score").description == "a score (metrics.csv, column score)");
    CHECK(info(ruled, "pixel3_latency").unit == "ms");
    CHECK(info(ruled, "pixel3_latency").better == Direction::higher_is_better);
    CHECK(info(ruled, "flops").unit == "MFLOPs");
    CHECK(info(ruled, "test_acc").unit == "first rule wins");
    CHECK(info(ruled, "test_acc").better == Direction::higher_is_better);  // from the fallback
}

TEST_CASE("a rule may name the column as in the file") {
    const Fixture f;
    Json declaration = metrics_table;
    declaration["units"] = {{{"match", "cifar10.test_acc"}, {"unit", "fraction"}}};
    CHECK(info(f.make_table(declaration), "test_acc").unit == "fraction");
}

TEST_CASE("prefix and suffix rename a table's metrics") {
    const Fixture f;
    Json declaration = metrics_table;
    declaration["prefix"] = "hw_";
    declaration["suffix"] = "_v2";
    CHECK(names(f.make_table(declaration)) ==
          std::vector<std::string>{"hw_test_acc_v2", "hw_pixel3_latency_v2", "hw_x_energy_v2", "hw_flops_v2", "hw_score_v2"});
    CHECK(names(f.make_table(declaration, "")).front() == "hw_cifar10.test_acc_v2");
    CHECK(value(f.make_table(declaration), {0, 0, 1}, "hw_score_v2") == 8.0);
}

TEST_CASE("tables join on the architecture, and absence is reported per table") {
    Fixture f;
    f.write("config/extra.csv", "arch_str,params\n0-0-0,1234\n");
    const auto provider = f.make({{"tables", Json::array({metrics_table, {{"file", "./extra.csv"}}})}, {"preset", "none"}});
    CHECK(names(provider).back() == "params");
    CHECK(value(provider, {0, 0, 0}, "params") == 1234.0);
    CHECK(value(provider, {0, 0, 1}, "score") == 8.0);
    CHECK_THROWS_WITH(value(provider, {0, 0, 1}, "params"),
                      Contains("'a/a/b' is not in table") && Contains("extra.csv") && Contains("'params'"));
    CHECK_THROWS_WITH(value(provider, {2, 2, 2}, "score"), Contains("'c/c/c' is not in table") && Contains("metrics.csv"));
}

TEST_CASE("a space too large to enumerate uses a hash map, with the same answers") {
    Fixture f;
    const ToySpace unbounded("toy", 3, 3, false);
    const auto provider = f.make({{"tables", Json::array({metrics_table})}}, "cifar10", &unbounded);
    CHECK_FALSE(provider.uses_space_index());
    CHECK(provider.row_count() == 3);
    CHECK(value(provider, {0, 0, 1}, "test_acc") == 92.75);
    CHECK(value(provider, {2, 1, 0}, "pixel3_latency") == 0.0033);
    CHECK_THROWS_WITH(value(provider, {1, 1, 1}, "flops"), Contains("'b/b/b' is not in table") && Contains("metrics.csv"));

    // 10^7 architectures, 3 of them in the table: an indexed matrix would waste memory.
    const ToySpace sparse("toy", 7, 10);
    f.write("sparse.csv", "arch_str,a,b\n0-0-0-0-0-0-9,1,2\n9-9-9-9-9-9-9,3,4\n");
    const auto large = f.make({{"tables", Json::array({{{"file", "sparse.csv"}}})}}, "cifar10", &sparse);
    CHECK_FALSE(large.uses_space_index());
    CHECK(value(large, {9, 9, 9, 9, 9, 9, 9}, "b") == 4.0);

    // Hashed rows name both lines of a repeated architecture too, and join
    // a second table whose keys are in another order.
    f.write("twice.csv", "arch_str,a\n0-0-0,1\n1-2-0,2\nc/b/a,3\na/a/a,4\n");
    CHECK_THROWS_WITH(f.make({{"tables", Json::array({{{"file", "twice.csv"}}})}}, "cifar10", &unbounded),
                      Contains("twice.csv:5: column 'arch_str'") && Contains("'a/a/a' appears twice, on lines 2 and 5"));
    f.write("first.csv", "arch_str,a\n0-0-0,1\n1-2-0,2\n2-1-0,3\n");
    f.write("second.csv", "arch_str,b\n0-0-0,10\n2-1-0,30\n1-2-0,20\n");
    const auto joined = f.make({{"tables", Json::array({{{"file", "first.csv"}}, {{"file", "second.csv"}}})}}, "cifar10", &unbounded);
    CHECK(joined.row_count() == 3);
    CHECK(value(joined, {1, 2, 0}, "a") == 2.0);
    CHECK(value(joined, {1, 2, 0}, "b") == 20.0);
    CHECK(value(joined, {2, 1, 0}, "b") == 30.0);
}

TEST_CASE("a cost column gives the query cost in seconds") {
    Fixture f;
    f.write("cost.csv", "arch_str,cifar10.train_seconds,acc\n0-0-0,120.5,90\n0-0-1,60,80\n");
    const auto provider = f.make_table({{"file", "cost.csv"}, {"columns", {"acc"}}, {"cost_seconds_column", "train_seconds"}});
    CHECK(names(provider) == std::vector<std::string>{"acc", "train_seconds"});
    CHECK(provider.query_cost_seconds({0, 0, 0}) == 120.5);
    CHECK(provider.query_cost_seconds({0, 0, 1}) == 60.0);
    CHECK_THROWS_WITH(provider.query_cost_seconds({1, 0, 0}), Contains("'b/a/a' is not in table"));
}

TEST_CASE("file errors name the file, the line and the column") {
    Fixture f;
    CHECK_THROWS_WITH(f.make_table({{"file", "nowhere/missing.csv"}}),
                      Contains("cannot open table file") && Contains("nowhere/missing.csv: no such file") && Contains("--data-dir") && Contains("HWNAS_DATA_DIR"));

    f.write("nokey.csv", "index,arch,test_acc\n0,0-0-0,1\n");
    CHECK_THROWS_WITH(f.make_table({{"file", "nokey.csv"}}),
                      Contains("nokey.csv:1: no key column 'arch_str'") && Contains("columns are: index, arch, test_acc"));
    CHECK_NOTHROW(f.make_table({{"file", "nokey.csv"}, {"key", "arch"}}));
    CHECK_THROWS_WITH(f.make_table({{"file", "metrics.csv"}, {"columns", {"flops", "latency"}}}),
                      Contains("metrics.csv:1: no column 'latency'") && Contains("/tables/0/columns/1") &&
                          Contains("columns are: index, arch_str, cifar10.test_acc"));

    f.write("twice.csv", "arch_str,a\n0-0-0,1\n1-2-0,2\nc/b/a,3\na/a/a,4\n");
    CHECK_THROWS_WITH(f.make_table({{"file", "twice.csv"}}),
                      Contains("twice.csv:5: column 'arch_str'") && Contains("'a/a/a' appears twice, on lines 2 and 5"));

    f.write("badkey.csv", "arch_str,a\n0-0-0,1\n0-3-0,2\n");
    CHECK_THROWS_WITH(f.make_table({{"file", "badkey.csv"}}),
                      Contains("badkey.csv:3: column 'arch_str'") && Contains("out of range"));

    f.write("badnumber.csv", "arch_str,a,b\n0-0-0,1,2\n\n0-0-1,3,n/a\n");
    CHECK_THROWS_WITH(f.make_table({{"file", "badnumber.csv"}}),
                      Contains("badnumber.csv:4: column 'b'") && Contains("found 'n/a'"));
}

TEST_CASE("two tables offering one metric name both files") {
    Fixture f;
    f.write("more.csv", "arch_str,flops\n0-0-0,1\n");
    CHECK_THROWS_WITH(f.make({{"tables", Json::array({metrics_table, {{"file", "more.csv"}}})}}),
                      Contains("metric 'flops' is offered twice") && Contains("metrics.csv") && Contains("more.csv"));
}

TEST_CASE("declaration errors name the parameter") {
    Fixture f;
    CHECK_THROWS_WITH(f.make_table({{"file", "metrics.csv"}, {"colums", {"a"}}}),
                      Contains("parameter /tables/0: unknown field 'colums'") && Contains("columns"));
    CHECK_THROWS_WITH(f.make_table({{"file", "metrics.csv"}, {"units", {{{"match", "*"}, {"better", "smaller"}}}}}),
                      Contains("parameter /tables/0/units/0/better: expected \"lower\" or \"higher\""));
    CHECK_THROWS_WITH(f.make_table({{"key", "arch_str"}}), Contains("parameter /tables/0: missing field 'file'"));
    f.write("dotted.csv", "arch_str,cifar10.a,cifar100.a\n0-0-0,1,2\n");
    CHECK_THROWS_WITH(f.make_table({{"file", "dotted.csv"}}, "cifar-10"),
                      Contains("no table column applies to dataset 'cifar-10'") && Contains("datasets cifar10, cifar100"));
}

TEST_CASE("presets: none, unknown, and the nb201 preset's names") {
    Fixture f;
    CHECK_THROWS_WITH(f.make({{"tables", Json::array()}, {"preset", "none"}}), Contains("no tables declared"));
    CHECK_THROWS_WITH(f.make({{"preset", "nb-201"}}), Contains("unknown preset 'nb-201'") && Contains("nb201"));
    CHECK_THROWS_WITH(f.make(Json::object()), Contains("space 'toy' has no built-in preset") && Contains("nb201"));
    // "auto" with tables given, like "none", uses only the tables.
    CHECK(names(f.make({{"tables", Json::array({metrics_table})}})).size() == 5);

    // The nb201 preset on stand-in files with the real files' layout.
    f.write("nas-bench-201/accuracy.csv",
            "arch_index,arch_str,cifar10.test_acc,cifar10-valid.valid_acc\n0,0-0-0,94.37,91.61\n");
    f.write("hw-nas-bench/nb201.csv", "index,arch_str,cifar10.pixel3_latency,cifar10.fpga_latency\n0,0-0-0,3.6,2.5\n");
    f.write("help/nb201_latency.csv", "index,arch_str,1080ti_1,pixel3\n0,0-0-0,10.75,3.6\n");
    const auto preset = f.make({{"preset", "nb201"}, {"tables", Json::array({{{"file", "metrics.csv"}, {"columns", {"score"}}}})}});
    CHECK(names(preset) == std::vector<std::string>{"test_acc", "pixel3_latency", "fpga_latency", "help_1080ti_1_latency",
                                                    "help_pixel3_latency", "score"});
    CHECK(value(preset, {0, 0, 0}, "help_1080ti_1_latency") == 10.75);
    CHECK(info(preset, "help_1080ti_1_latency").unit == "ms");
    CHECK(info(preset, "help_1080ti_1_latency").description ==
          "NVIDIA GTX 1080 Ti latency, batch size as in the name (HELP) (help/nb201_latency.csv, column 1080ti_1)");
    CHECK(info(preset, "test_acc").better == Direction::higher_is_better);
    CHECK(names(f.make({{"preset", "nb201"}}, "cifar10-valid")) ==
          std::vector<std::string>{"valid_acc", "help_1080ti_1_latency", "help_pixel3_latency"});

    // The plugin's declared defaults pick the preset named after the space.
    const fs::path file = hwnas::test::plugin_dir() / "libhwnas_table.so";
    boost::dll::shared_library library(file.string());
    const auto* descriptor = library.get_alias<const hwnas::PluginDescriptor*()>("hwnas_plugin_descriptor")();
    REQUIRE(std::string(descriptor->name) == "table");
    Json defaults = Json::object();
    const Json declared = Json::parse(descriptor->parameters);
    for (const auto& [name, declaration] : declared.items()) {
        CHECK_FALSE(declaration.value("description", "").empty());
        defaults[name] = declaration.at("default");
    }
    const ToySpace nb201("nb201");
    CHECK(names(f.make(defaults, "cifar10", &nb201)).size() == 5);
}
