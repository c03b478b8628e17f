// libFuzzer target: the architecture parsers of every built-in space (native
// strings, genes form, "space:" prefix). The contract under test: parse either
// throws hwnas::Error or returns a valid architecture whose printed forms
// parse back to the same architecture. Anything else aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "fbnet_space.hpp"
#include "hwnas/error.hpp"
#include "hwnas/plugin.hpp"
#include "mnasnet_space.hpp"
#include "nb201_space.hpp"
#include "ofa_space.hpp"

namespace {

const std::vector<std::unique_ptr<hwnas::SearchSpace>>& spaces() {
    static const auto made = [] {
        // Default parameters, except NB201's numbering: the official one reads
        // a data file, the parsers are the same either way.
        const nlohmann::json none = nlohmann::json::object();
        const nlohmann::json lexicographic = {{"index_order", "lexicographic"}};
        std::vector<std::unique_ptr<hwnas::SearchSpace>> s;
        s.push_back(std::make_unique<hwnas::nb201::Nb201Space>(hwnas::PluginContext{lexicographic, ".", ".", "cifar10"}));
        s.push_back(std::make_unique<hwnas::fbnet::FbnetSpace>(hwnas::PluginContext{none, ".", ".", "cifar100"}));
        s.push_back(std::make_unique<hwnas::ofa::OfaSpace>(hwnas::PluginContext{none, ".", ".", "imagenet"}));
        s.push_back(std::make_unique<hwnas::mnasnet::MnasnetSpace>(hwnas::PluginContext{none, ".", ".", "imagenet"}));
        return s;
    }();
    return made;
}

void check_round_trip(const hwnas::SearchSpace& space, std::string_view text) {
    hwnas::Architecture arch;
    try {
        arch = space.parse(text);
    } catch (const hwnas::Error&) {
        return;
    }
    if (!space.is_valid(arch)) std::abort();
    if (!(space.parse(space.to_string(arch)) == arch)) std::abort();
    if (!(space.parse(hwnas::to_genes_string(arch)) == arch)) std::abort();
    if (!(space.parse(hwnas::qualified_name(space, arch)) == arch)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& space : spaces()) check_round_trip(*space, text);
    return 0;
}
