#pragma once
// Where in which config file a value sits, for error messages that say
// "file: /strategy/params/population: expected ..., found ...".
#include <string>

#include <nlohmann/json.hpp>

namespace hwnas::engine {

class Location {
public:
    Location() = default;
    explicit Location(std::string file, nlohmann::json::json_pointer pointer = nlohmann::json::json_pointer())
        : file_(std::move(file)), pointer_(std::move(pointer)) {}

    [[nodiscard]] Location operator/(const std::string& key) const { return Location(file_, pointer_ / key); }
    [[nodiscard]] Location operator/(std::size_t index) const { return Location(file_, pointer_ / index); }

    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::string pointer() const { return pointer_.empty() ? "/" : pointer_.to_string(); }
    [[nodiscard]] std::string str() const { return (file_.empty() ? "" : file_ + ": ") + pointer(); }

    /// Throws hwnas::Error "<file>: <pointer>: <message>".
    [[noreturn]] void fail(const std::string& message) const;

private:
    std::string file_;
    nlohmann::json::json_pointer pointer_;
};

/// A value as a user would describe it: 'the string "ten"', 'the number 3.5', 'an object'.
std::string describe(const nlohmann::json& value);

}  // namespace hwnas::engine
