#pragma once
// The one exception type hwnas throws for bad input. Its message is meant for
// the user as is: it names the file, the place in it (JSON pointer or line and
// column), what was expected and what was found.
#include <stdexcept>
#include <string>

namespace hwnas {

class [[gnu::visibility("default")]] Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hwnas
