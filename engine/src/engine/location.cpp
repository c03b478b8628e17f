#include "engine/location.hpp"

#include "hwnas/error.hpp"

namespace hwnas::engine {

void Location::fail(const std::string& message) const { throw Error(str() + ": " + message); }

std::string describe(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::null: return "null";
        case nlohmann::json::value_t::boolean: return std::string("the boolean ") + (value.get<bool>() ? "true" : "false");
        case nlohmann::json::value_t::string: return "the string " + value.dump();
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return "the integer " + value.dump();
        case nlohmann::json::value_t::number_float: return "the number " + value.dump();
        case nlohmann::json::value_t::object: return "an object";
        case nlohmann::json::value_t::array: return "an array";
        default: return value.dump();
    }
}

}  // namespace hwnas::engine
