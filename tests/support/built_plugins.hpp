#pragma once
// The registry of the plugins this build made, for tests that drive the
// engine directly rather than through the CLI.
#include "engine/registry.hpp"
#include "test_support.hpp"

namespace hwnas::test {

inline engine::PluginRegistry built_plugins() {
    engine::PluginRegistry registry;
    registry.load_directories({plugin_dir()});
    return registry;
}

}  // namespace hwnas::test
