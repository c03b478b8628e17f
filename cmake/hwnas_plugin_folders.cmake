# hwnas_add_subfolders(<only>): adds every subfolder of the current source
# folder that has a CMakeLists.txt; when the list <only> is not empty, only the
# subfolders it names.
function(hwnas_add_subfolders only)
  file(GLOB dirs LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  foreach(dir ${dirs})
    get_filename_component(name ${dir} NAME)
    if(only AND NOT name IN_LIST only)
      continue()
    endif()
    if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/CMakeLists.txt)
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()

# hwnas_add_plugin_folders(): one plugin per subfolder. With
# -DHWNAS_ONLY_PLUGINS="nb201;table" only those folders are built, e.g. for a
# quick build while working on a few plugins.
set(HWNAS_ONLY_PLUGINS "" CACHE STRING "Build only these plugin folders (empty: all)")
function(hwnas_add_plugin_folders)
  hwnas_add_subfolders("${HWNAS_ONLY_PLUGINS}")
endfunction()
