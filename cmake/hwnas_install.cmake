# `cmake --install`: the hwnas CLI, libhwnas (with libhwnas_agent and
# libhwnas_mpi, which the CLI loads for the commands that need them), the built-in plugins, the SDK
# headers, the CMake package (find_package(hwnas CONFIG)) and hwnas.pc.
# The layout is the build tree's: bin/, lib/, lib/hwnas/plugins, so the
# installed CLI finds the installed plugins relative to itself.
include(CMakePackageConfigHelpers)

set(HWNAS_INSTALL_BINDIR bin)
set(HWNAS_INSTALL_CMAKEDIR lib/cmake/hwnas)
file(STRINGS engine/include/hwnas/plugin.hpp abi_line REGEX "sdk_abi_version = [0-9]+;")
string(REGEX MATCH "[0-9]+" HWNAS_SDK_ABI_VERSION "${abi_line}")

install(TARGETS hwnas RUNTIME DESTINATION ${HWNAS_INSTALL_BINDIR})
install(TARGETS hwnas_engine LIBRARY DESTINATION lib)
# Loaded by the CLI from lib/ for `hwnas agent` and `hwnas bench --mpi` only.
install(TARGETS hwnas_agent LIBRARY DESTINATION lib)
if(TARGET hwnas_mpi)
  install(TARGETS hwnas_mpi LIBRARY DESTINATION lib)
endif()
get_property(installed_plugins GLOBAL PROPERTY HWNAS_PLUGINS)
install(TARGETS ${installed_plugins} LIBRARY DESTINATION ${HWNAS_PLUGIN_SUBDIR})

install(DIRECTORY engine/include/hwnas DESTINATION include)
install(TARGETS hwnas_sdk EXPORT hwnasTargets)
install(EXPORT hwnasTargets NAMESPACE hwnas:: DESTINATION ${HWNAS_INSTALL_CMAKEDIR})

configure_package_config_file(cmake/hwnasConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/hwnasConfig.cmake"
  INSTALL_DESTINATION ${HWNAS_INSTALL_CMAKEDIR}
  PATH_VARS HWNAS_INSTALL_BINDIR HWNAS_PLUGIN_SUBDIR)
# A plugin must match the SDK's ABI, which can change with a minor version.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/hwnasConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/hwnasConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/hwnasConfigVersion.cmake"
  plugins/cmake/hwnas_plugin.cmake
  plugins/cmake/hwnas_plugin.map
  DESTINATION ${HWNAS_INSTALL_CMAKEDIR})

configure_file(cmake/hwnas.pc.in "${CMAKE_CURRENT_BINARY_DIR}/hwnas.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/hwnas.pc" DESTINATION lib/pkgconfig)
