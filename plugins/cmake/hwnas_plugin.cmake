# hwnas_add_plugin(<name> SOURCES <files...> [ENTRY <file>] [LIBS <targets...>])
#
# Builds the plugin `hwnas_<name>` as a loadable module in the plugin folder.
# With ENTRY, the SOURCES also form a static library `hwnas_<name>_lib` that
# tests can link to reach the plugin's classes directly; ENTRY holds only the
# HWNAS_PLUGIN(...) line. Symbols are hidden except the exported descriptor.
function(hwnas_add_plugin name)
  cmake_parse_arguments(ARG "" "ENTRY" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_SOURCES AND NOT ARG_ENTRY)
    message(FATAL_ERROR "hwnas_add_plugin(${name}): SOURCES are required")
  endif()
  set(module hwnas_${name})
  if(ARG_ENTRY)
    add_library(${module}_lib STATIC ${ARG_SOURCES})
    target_link_libraries(${module}_lib PUBLIC hwnas::sdk ${ARG_LIBS})
    target_include_directories(${module}_lib PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    set_target_properties(${module}_lib PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
    add_library(${module} MODULE ${ARG_ENTRY})
    target_link_libraries(${module} PRIVATE ${module}_lib)
  else()
    add_library(${module} MODULE ${ARG_SOURCES})
    target_link_libraries(${module} PRIVATE hwnas::sdk ${ARG_LIBS})
  endif()
  set_target_properties(${module} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${HWNAS_PLUGIN_OUTPUT_DIR}")
  set_property(GLOBAL APPEND PROPERTY HWNAS_PLUGINS ${module})
endfunction()

# hwnas_add_plugin_folders(): adds every subfolder that has a CMakeLists.txt
# (one plugin each). With -DHWNAS_ONLY_PLUGINS="nb201;table" only those
# folders are built, e.g. for a quick build while working on a few plugins.
set(HWNAS_ONLY_PLUGINS "" CACHE STRING "Build only these plugin folders (empty: all)")
function(hwnas_add_plugin_folders)
  file(GLOB dirs LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(dir ${dirs})
    get_filename_component(name ${dir} NAME)
    if(HWNAS_ONLY_PLUGINS AND NOT name IN_LIST HWNAS_ONLY_PLUGINS)
      continue()
    endif()
    if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()
