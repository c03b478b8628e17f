#pragma once
// A small enumerable space for surrogate tests (4^6 = 4096 architectures)
// and a metric with a known formula over its genes.
#include <string>
#include <vector>

#include "hwnas/search_space.hpp"

namespace hwnas::test {

class ToySpace : public SearchSpace {
public:
    explicit ToySpace(std::string name = "toy", std::string label_prefix = "op") : name_(std::move(name)) {
        for (int d = 0; d < 6; ++d) {
            Dimension dim{"gene " + std::to_string(d), {}};
            for (int c = 0; c < 4; ++c) dim.labels.push_back(label_prefix + std::to_string(c));
            dims_.push_back(dim);
        }
    }
    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] std::span<const Dimension> dimensions() const override { return dims_; }

private:
    std::string name_;
    std::vector<Dimension> dims_;
};

/// Additive terms, one interaction and a step: what a tree ensemble should learn.
inline double toy_metric(const Architecture& a) {
    return 3.0 * a[0] + 2.0 * a[1] * a[2] + (a[3] == 1 ? 5.0 : 0.0) - 1.0 * a[4] + 0.5 * a[5];
}

}  // namespace hwnas::test
