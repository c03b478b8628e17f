#pragma once
// Device transfer of a linear latency predictor after One-Proxy (AdaProxy,
// its Eq. 3). A proxy device has per-feature linear weights w (y ~ w^T x);
// a target device is predicted as ((alpha * 1 + b) o w)^T x, fitted from a
// few target samples by minimising
//     mean((((alpha * 1 + b) o w)^T x - y)^2) + lambda * mean(y^2) * ||b||^2
// over the scalar alpha and the vector b. lambda is scaled by mean(y^2) so
// it does not depend on the unit of y.
//
// Only c = alpha * 1 + b enters the prediction; the penalty on b resolves
// the split: as lambda -> 0 the fit tends to alpha = mean(c), b = c - mean(c),
// so a known (alpha, b) whose b sums to zero is recovered from enough
// noiseless samples.
#include <vector>

#include <Eigen/Dense>

namespace hwnas::engine {

/// Least-squares weights of y ~ X w with a small ridge `ridge * mean(diag(X^T X))` for stability.
Eigen::VectorXd fit_linear(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double ridge = 1e-8);

struct AdaProxy {
    double alpha = 1.0;
    Eigen::VectorXd b;

    /// ((alpha * 1 + b) o w)^T x for each row of x.
    [[nodiscard]] Eigen::VectorXd predict(const Eigen::VectorXd& w, const Eigen::MatrixXd& x) const;
};

/// The minimiser above (Eigen LDLT of the regularised normal equations).
AdaProxy fit_adaproxy(const Eigen::VectorXd& w, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double lambda);

}  // namespace hwnas::engine
