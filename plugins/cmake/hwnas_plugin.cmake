# hwnas_add_plugin(<name> SOURCES <files...> [ENTRY <file>] [LIBS <targets...>]
#                  [OUTPUT_DIRECTORY <dir>] [INSTALL])
#
# Builds the plugin `hwnas_<name>` as a loadable module (libhwnas_<name>.so)
# against the SDK target hwnas::sdk. Used by hwnas's own plugins and, through
# find_package(hwnas CONFIG), by plugins built outside the engine.
#
# - ENTRY: the SOURCES also form a static library `hwnas_<name>_lib` that
#   tests can link to reach the plugin's classes directly; ENTRY holds only the
#   HWNAS_PLUGIN(...) line.
# - OUTPUT_DIRECTORY: where the module is written (default: the folder of
#   hwnas's own plugins inside hwnas's build, `${CMAKE_BINARY_DIR}/plugins`
#   elsewhere). Point `hwnas --plugin-path` or HWNAS_PLUGIN_PATH there.
# - INSTALL: `cmake --install` copies the module to `lib/hwnas/plugins` under
#   the install prefix, where an `hwnas` installed in the same prefix finds it.
#
# Symbols are hidden: only the descriptor entry points and the type
# information of SDK classes are exported (hwnas_plugin.map).
set(HWNAS_PLUGIN_VERSION_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/hwnas_plugin.map")

function(hwnas_add_plugin name)
  cmake_parse_arguments(ARG "INSTALL" "ENTRY;OUTPUT_DIRECTORY" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_SOURCES AND NOT ARG_ENTRY)
    message(FATAL_ERROR "hwnas_add_plugin(${name}): SOURCES are required")
  endif()
  if(NOT TARGET hwnas::sdk)
    message(FATAL_ERROR "hwnas_add_plugin(${name}): the target hwnas::sdk is missing; "
                        "call find_package(hwnas CONFIG REQUIRED) first")
  endif()
  set(module hwnas_${name})
  if(ARG_ENTRY)
    add_library(${module}_lib STATIC ${ARG_SOURCES})
    target_link_libraries(${module}_lib PUBLIC hwnas::sdk ${ARG_LIBS})
    target_include_directories(${module}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    set_target_properties(${module}_lib PROPERTIES
      POSITION_INDEPENDENT_CODE ON CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    add_library(${module} MODULE ${ARG_ENTRY})
    target_link_libraries(${module} PRIVATE ${module}_lib)
  else()
    add_library(${module} MODULE ${ARG_SOURCES})
    target_link_libraries(${module} PRIVATE hwnas::sdk ${ARG_LIBS})
  endif()

  set(output_dir "${ARG_OUTPUT_DIRECTORY}")
  if(NOT output_dir AND DEFINED HWNAS_PLUGIN_OUTPUT_DIR)
    set(output_dir "${HWNAS_PLUGIN_OUTPUT_DIR}")
  elseif(NOT output_dir)
    set(output_dir "${CMAKE_BINARY_DIR}/plugins")
  endif()
  set_target_properties(${module} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${output_dir}")
  target_link_options(${module} PRIVATE "LINKER:--version-script=${HWNAS_PLUGIN_VERSION_SCRIPT}")
  set_property(TARGET ${module} APPEND PROPERTY LINK_DEPENDS "${HWNAS_PLUGIN_VERSION_SCRIPT}")
  if(ARG_INSTALL)
    install(TARGETS ${module} LIBRARY DESTINATION lib/hwnas/plugins)
  endif()
  set_property(GLOBAL APPEND PROPERTY HWNAS_PLUGINS ${module})
endfunction()
