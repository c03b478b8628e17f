#pragma once
// `hwnas agent` as a child process of a test: started on a port (0: any), its
// port read from the line it prints, stopped or killed like a crashing device.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

extern char** environ;

namespace hwnas::test {

class AgentProcess {
public:
    /// Starts `hwnas agent --listen 127.0.0.1:<port> <args>`; waits (30 s at most) for its port.
    AgentProcess(const std::vector<std::string>& args, int port = 0) {
        std::vector<std::string> argv{binary().string(), "agent", "--listen", "127.0.0.1:" + std::to_string(port)};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargv;
        for (auto& a : argv) cargv.push_back(a.data());
        cargv.push_back(nullptr);
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
        const int rc = ::posix_spawn(&pid_, cargv[0], &actions, nullptr, cargv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        if (rc != 0) {
            ::close(fds[0]);
            throw std::runtime_error("cannot start hwnas agent");
        }
        std::string line;
        char c = 0;
        pollfd p{fds[0], POLLIN, 0};
        while (line.find('\n') == std::string::npos && ::poll(&p, 1, 30000) > 0 && ::read(fds[0], &c, 1) == 1) line += c;
        ::close(fds[0]);
        const auto colon = line.rfind(':');
        if (line.find("listening on http://") == std::string::npos || colon == std::string::npos) {
            kill(SIGKILL);
            throw std::runtime_error("hwnas agent did not print its address; printed '" + line + "'");
        }
        port_ = std::stoi(line.substr(colon + 1));
    }
    ~AgentProcess() { kill(SIGTERM); }
    AgentProcess(const AgentProcess&) = delete;
    AgentProcess& operator=(const AgentProcess&) = delete;

    [[nodiscard]] int port() const noexcept { return port_; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    /// Sends `signal` and reaps the agent; returns its wait status.
    int kill(int signal) {
        if (pid_ <= 0) return 0;
        ::kill(pid_, signal);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }

private:
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace hwnas::test
