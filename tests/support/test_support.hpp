#pragma once
// Helpers shared by tests: paths to data, plugins and the CLI, and running
// the CLI as a user would.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace hwnas::test {

inline std::filesystem::path data_dir() { return HWNAS_TEST_DATA_DIR; }
inline std::filesystem::path plugin_dir() { return HWNAS_TEST_PLUGIN_DIR; }
inline std::filesystem::path binary() { return HWNAS_TEST_BINARY; }
inline std::filesystem::path source_dir() { return HWNAS_TEST_SOURCE_DIR; }

/// The CLI option that points hwnas at the test data.
inline std::string data_flag() { return " --data-dir '" + data_dir().string() + "'"; }

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< stdout
    std::string err;  ///< stderr
};

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

/// A fresh empty folder under the system temp dir, unique per call.
inline std::filesystem::path temp_dir(const std::string& tag) {
    static int counter = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("hwnas-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// Runs a shell command; stdin from `input` when given.
inline CommandResult run_command(const std::string& shell_command, const std::string& input = "") {
    const auto dir = temp_dir("cmd");
    std::string command = "( " + shell_command + " ) >'" + (dir / "out").string() + "' 2>'" +
                          (dir / "err").string() + "'";
    if (!input.empty()) {
        write_file(dir / "in", input);
        command += " <'" + (dir / "in").string() + "'";
    }
    const int status = std::system(command.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(dir / "out");
    r.err = read_file(dir / "err");
    std::filesystem::remove_all(dir);
    return r;
}

/// Runs `hwnas <args>` through the shell; stdin from `input` when given.
inline CommandResult run_hwnas(const std::string& args, const std::string& input = "") {
    std::string command(1, '\'');  // appended piece by piece: see nb201_cell.cpp on GCC 12's -Wrestrict
    command += binary().string();
    command += "' ";
    command += args;
    return run_command(command, input);
}

}  // namespace hwnas::test
