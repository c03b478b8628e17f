#include "engine/json_text.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "hwnas/error.hpp"

namespace hwnas::engine {
namespace {

std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& origin) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        const auto [line, column] = line_and_column(text, e.byte == 0 ? 0 : e.byte - 1);
        std::string what = e.what();
        if (const auto pos = what.find("syntax error"); pos != std::string::npos) what = what.substr(pos);
        throw Error(origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": invalid JSON: " + what);
    } catch (const nlohmann::json::exception& e) {
        // e.g. "number overflow parsing '1e999'": the text is JSON, its number is not a double.
        std::string what = e.what();
        if (const auto pos = what.find("] "); pos != std::string::npos) what = what.substr(pos + 2);
        throw Error(origin + ": invalid JSON: " + what);
    }
}

nlohmann::json read_json_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_json_text(buffer.str(), file.string());
}

}  // namespace hwnas::engine
