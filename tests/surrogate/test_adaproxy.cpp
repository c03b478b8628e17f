// AdaProxy (One-Proxy Eq. 3): a known (alpha, b) is recovered from noiseless
// samples, and the fit needs far fewer samples than features when b is small.
#include <catch2/catch.hpp>

#include "engine/adaproxy.hpp"
#include "hwnas/rng.hpp"

namespace {

Eigen::MatrixXd random_features(std::size_t rows, std::size_t cols, hwnas::Rng& rng) {
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        for (Eigen::Index c = 0; c < x.cols(); ++c) x(r, c) = rng.uniform();
    }
    return x;
}

}  // namespace

TEST_CASE("AdaProxy recovers a known alpha and b from noiseless target samples", "[adaproxy]") {
    hwnas::Rng rng(11);
    const std::size_t features = 8;
    Eigen::VectorXd w(features);
    for (Eigen::Index j = 0; j < w.size(); ++j) w(j) = 0.5 + rng.uniform();
    // b sums to zero: only alpha * 1 + b is seen, and the penalty picks the b of least norm.
    Eigen::VectorXd b(features);
    b << 0.3, -0.2, 0.1, -0.4, 0.25, 0.05, -0.15, 0.05;
    const hwnas::engine::AdaProxy truth{1.7, b};
    const Eigen::MatrixXd x = random_features(60, features, rng);
    const Eigen::VectorXd y = truth.predict(w, x);

    const auto fit = hwnas::engine::fit_adaproxy(w, x, y, 1e-10);
    CHECK(fit.alpha == Approx(1.7).margin(1e-5));
    for (Eigen::Index j = 0; j < b.size(); ++j) CHECK(fit.b(j) == Approx(b(j)).margin(1e-5));

    const Eigen::MatrixXd unseen = random_features(20, features, rng);
    CHECK((fit.predict(w, unseen) - truth.predict(w, unseen)).cwiseAbs().maxCoeff() < 1e-6);
}

TEST_CASE("AdaProxy with a pure scaling (b = 0) fits it from fewer samples than features", "[adaproxy]") {
    hwnas::Rng rng(5);
    const std::size_t features = 30;
    Eigen::VectorXd w(features);
    for (Eigen::Index j = 0; j < w.size(); ++j) w(j) = rng.uniform();
    const hwnas::engine::AdaProxy truth{0.4, Eigen::VectorXd::Zero(features)};
    const Eigen::MatrixXd x = random_features(10, features, rng);
    const auto fit = hwnas::engine::fit_adaproxy(w, x, truth.predict(w, x), 1e-3);
    CHECK(fit.alpha == Approx(0.4).margin(1e-3));
    CHECK(fit.b.norm() < 1e-3);
}

TEST_CASE("AdaProxy refuses a zero lambda and mismatched sizes", "[adaproxy]") {
    const Eigen::MatrixXd x = Eigen::MatrixXd::Ones(3, 2);
    CHECK_THROWS_WITH(hwnas::engine::fit_adaproxy(Eigen::VectorXd::Ones(2), x, Eigen::VectorXd::Ones(3), 0.0),
                      Catch::Contains("lambda must be > 0"));
    CHECK_THROWS_WITH(hwnas::engine::fit_adaproxy(Eigen::VectorXd::Ones(3), x, Eigen::VectorXd::Ones(3), 1.0),
                      Catch::Contains("p proxy weights"));
}
