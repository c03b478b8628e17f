#include "remote_provider.hpp"

HWNAS_PLUGIN(hwnas::provider_plugin<hwnas::remote::RemoteProvider>(
    "remote", "1.0.0", "Metrics measured by `hwnas agent` servers, with retries, failover and a measurement cache",
    hwnas::remote::RemoteProvider::parameters))
