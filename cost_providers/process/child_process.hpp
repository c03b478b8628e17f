#pragma once
// Runs one command to completion: text on its stdin, its stdout and stderr
// captured, killed with its whole process group when it overruns a deadline.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace hwnas::process {

struct ChildResult {
    int exit_code = -1;      ///< exit status when it exited normally, else -1
    int signal = 0;          ///< the signal that ended it, 0 when it exited
    bool timed_out = false;  ///< killed by us at the deadline
    std::string out;
    std::string err;
    double seconds = 0.0;    ///< wall time from start to reaped
};

/// Starts argv[0] (searched on PATH unless it contains '/') in `working_dir`
/// (empty: ours) in a process group of its own. Throws hwnas::Error when it
/// cannot be started.
ChildResult run_child(const std::vector<std::string>& argv, const std::string& input,
                      std::chrono::milliseconds timeout, const std::filesystem::path& working_dir);

}  // namespace hwnas::process
