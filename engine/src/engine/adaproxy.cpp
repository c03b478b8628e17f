#include "engine/adaproxy.hpp"

#include "hwnas/error.hpp"

namespace hwnas::engine {

Eigen::VectorXd fit_linear(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double ridge) {
    if (x.rows() != y.size() || x.rows() == 0) throw Error("linear fit: rows of features and targets differ or are none");
    Eigen::MatrixXd gram = x.transpose() * x;
    const double scale = gram.diagonal().mean();
    gram.diagonal().array() += ridge * (scale > 0.0 ? scale : 1.0);
    return gram.ldlt().solve(x.transpose() * y);
}

Eigen::VectorXd AdaProxy::predict(const Eigen::VectorXd& w, const Eigen::MatrixXd& x) const {
    const Eigen::VectorXd scaled = (alpha * Eigen::VectorXd::Ones(w.size()) + b).cwiseProduct(w);
    return x * scaled;
}

AdaProxy fit_adaproxy(const Eigen::VectorXd& w, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double lambda) {
    const auto n = x.rows();
    const auto p = x.cols();
    if (n == 0 || y.size() != n || w.size() != p) {
        throw Error("AdaProxy: expected n rows of p features, n targets and p proxy weights");
    }
    if (!(lambda > 0.0)) throw Error("AdaProxy: lambda must be > 0 (alpha and b are only told apart by the penalty)");
    // Unknowns theta = (alpha, b): the prediction is alpha * (Z 1) + Z b with Z = x o w (columns scaled).
    const Eigen::MatrixXd z = x * w.asDiagonal();
    Eigen::MatrixXd design(n, p + 1);
    design.col(0) = z.rowwise().sum();
    design.rightCols(p) = z;
    const double count = static_cast<double>(n);
    Eigen::MatrixXd normal = design.transpose() * design / count;
    normal.diagonal().tail(p).array() += lambda * y.squaredNorm() / count;
    const Eigen::VectorXd theta = normal.ldlt().solve(design.transpose() * y / count);
    return {theta(0), theta.tail(p)};
}

}  // namespace hwnas::engine
