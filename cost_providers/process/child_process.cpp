#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <thread>

#include "hwnas/error.hpp"

extern char** environ;

namespace hwnas::process {
namespace {

using Clock = std::chrono::steady_clock;

/// Closes a descriptor once, on every path out.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    [[nodiscard]] int get() const noexcept { return fd_; }
    void reset(int fd = -1) noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

private:
    int fd_ = -1;
};

std::string system_error(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void make_pipe(Fd& read_end, Fd& write_end) {
    int fds[2];
    // O_CLOEXEC: a child spawned by another thread meanwhile must not inherit
    // our ends, or we would never see end-of-file on them.
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(system_error("process: pipe2"));
    read_end.reset(fds[0]);
    write_end.reset(fds[1]);
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 60 * 60));
}

/// Feeds `input` to the child and collects its output until both output
/// streams close or the deadline passes. Returns false on the deadline.
bool exchange(int in_fd, int out_fd, int err_fd, const std::string& input, ChildResult& result,
              Clock::time_point deadline) {
    std::size_t written = 0;
    bool in_open = true;
    bool out_open = true;
    bool err_open = true;
    char buffer[65536];
    while (out_open || err_open) {
        std::array<pollfd, 3> fds{};
        nfds_t n = 0;
        const auto watch = [&](int fd, short events) { fds[n++] = pollfd{fd, events, 0}; };
        if (in_open) watch(in_fd, POLLOUT);
        if (out_open) watch(out_fd, POLLIN);
        if (err_open) watch(err_fd, POLLIN);
        const int wait = remaining_ms(deadline);
        if (wait == 0) return false;
        const int ready = ::poll(fds.data(), n, wait);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) throw Error(system_error("process: poll"));
        for (nfds_t i = 0; i < n; ++i) {
            if (fds[i].revents == 0) continue;
            if (fds[i].fd == in_fd) {
                // send(MSG_NOSIGNAL) on a socket: a child that exits without
                // reading its input must not kill the whole host with SIGPIPE.
                const ssize_t k = ::send(in_fd, input.data() + written, input.size() - written, MSG_NOSIGNAL);
                if (k > 0) written += static_cast<std::size_t>(k);
                if (k < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // reader gone
                if (written == input.size()) {
                    ::shutdown(in_fd, SHUT_WR);
                    in_open = false;
                }
                continue;
            }
            const ssize_t k = ::read(fds[i].fd, buffer, sizeof buffer);
            if (k > 0) {
                (fds[i].fd == out_fd ? result.out : result.err).append(buffer, static_cast<std::size_t>(k));
            } else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
                (fds[i].fd == out_fd ? out_open : err_open) = false;
            }
        }
    }
    return true;
}

/// Reaps the child, waiting at most until the deadline. Returns false on the deadline.
bool reap(pid_t pid, int& status, Clock::time_point deadline) {
    while (true) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return true;
        if (done < 0 && errno != EINTR) throw Error(system_error("process: waitpid"));
        if (remaining_ms(deadline) == 0) return false;
        // The child has closed its output, so it is about to exit: poll briefly.
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

}  // namespace

ChildResult run_child(const std::vector<std::string>& argv, const std::string& input,
                      std::chrono::milliseconds timeout, const std::filesystem::path& working_dir) {
    if (argv.empty()) throw Error("process: empty command");
    const auto start = Clock::now();
    const auto deadline = start + timeout;

    // stdin is a socket pair rather than a pipe so that writes can use MSG_NOSIGNAL.
    int in_pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in_pair) != 0) {
        throw Error(system_error("process: socketpair"));
    }
    Fd in_child(in_pair[0]);
    Fd in_parent(in_pair[1]);
    Fd out_parent, out_child, err_parent, err_child;
    make_pipe(out_parent, out_child);
    make_pipe(err_parent, err_child);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_child.get(), 0);
    posix_spawn_file_actions_adddup2(&actions, out_child.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, err_child.get(), 2);
    if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // Its own process group, so a timeout kills the scripts it started too.
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, pipe_default;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigemptyset(&pipe_default);
    sigaddset(&pipe_default, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &pipe_default);

    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        throw Error("process: cannot start '" + argv[0] + "'" +
                    (working_dir.empty() ? "" : " in " + working_dir.string()) + ": " + std::strerror(rc));
    }
    in_child.reset();
    out_child.reset();
    err_child.reset();
    set_nonblocking(in_parent.get());
    set_nonblocking(out_parent.get());
    set_nonblocking(err_parent.get());

    ChildResult result;
    int status = 0;
    bool finished = exchange(in_parent.get(), out_parent.get(), err_parent.get(), input, result, deadline);
    if (finished) finished = reap(pid, status, deadline);
    if (!finished) {
        ::kill(-pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result.timed_out = true;
    }
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

}  // namespace hwnas::process
