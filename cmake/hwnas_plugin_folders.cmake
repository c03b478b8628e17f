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
