#pragma once
// AgentClient: one `hwnas agent` as the remote provider sees it: its URL, its
// last known description and the two requests it answers.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hwnas/error.hpp"

namespace hwnas::remote {

/// A failure another attempt may cure: unreachable, timed out, busy, garbage.
class TransientError : public Error {
public:
    using Error::Error;
};

struct Timeouts {
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds read{120000};
};

class AgentClient {
public:
    AgentClient(std::string url, Timeouts timeouts);

    [[nodiscard]] const std::string& url() const noexcept { return url_; }

    /// GET /health. Throws TransientError when the agent cannot answer properly.
    [[nodiscard]] nlohmann::json describe() const;

    /// POST /measure for `archs` (architecture strings); returns the reply's
    /// "results" array, one entry per architecture, checked for shape. Throws
    /// TransientError for failures worth retrying and Error for refusals (4xx).
    [[nodiscard]] nlohmann::json measure(const std::string& space, const std::vector<std::string>& archs,
                                         std::string& fingerprint) const;

private:
    std::string url_;
    Timeouts timeouts_;
};

}  // namespace hwnas::remote
