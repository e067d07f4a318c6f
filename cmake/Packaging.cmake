# Debian packages: `tandem` (the GUI) and `tandemctl` (the command line, no Qt GUI libraries),
# one CPack component each. installer/package.sh builds and runs cpack; the install rules that
# fill them live here and in app/CMakeLists.txt (COMPONENT gui / cli).
include(GNUInstallDirs)

set(TANDEM_PACKAGE_RELEASE 1)
set(TANDEM_MAINTAINER "Tandem maintainers <maintainers@tandem.dev>")
set(TANDEM_HOMEPAGE "https://tandem.dev/")

# --- files besides the programs --------------------------------------------------------
# Debian wants man pages and changelogs compressed reproducibly (gzip -n: no name or time).
find_program(TANDEM_GZIP gzip REQUIRED)
set(packaging_out ${PROJECT_BINARY_DIR}/packaging)
set(packaging_outputs)
function(tandem_gzip source output)
    add_custom_command(OUTPUT ${output}
        COMMAND ${TANDEM_GZIP} -n -9 -c ${source} > ${output}
        DEPENDS ${source} VERBATIM)
    set(packaging_outputs ${packaging_outputs} ${output} PARENT_SCOPE)
endfunction()
tandem_gzip(${PROJECT_SOURCE_DIR}/resources/man/tandem.1 ${packaging_out}/tandem.1.gz)
tandem_gzip(${PROJECT_SOURCE_DIR}/resources/man/tandemctl.1 ${packaging_out}/tandemctl.1.gz)
tandem_gzip(${PROJECT_SOURCE_DIR}/packaging/changelog ${packaging_out}/changelog.Debian.gz)
file(MAKE_DIRECTORY ${packaging_out})
add_custom_target(tandem_packaging_files ALL DEPENDS ${packaging_outputs})

foreach(component IN ITEMS gui cli)
    if(component STREQUAL "gui")
        set(package tandem)
    else()
        set(package tandemctl)
    endif()
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright ${packaging_out}/changelog.Debian.gz
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
    install(FILES ${packaging_out}/${package}.1.gz
            DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endforeach()

install(FILES ${PROJECT_SOURCE_DIR}/resources/dev.tandem.Tandem.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT gui)
install(FILES ${PROJECT_SOURCE_DIR}/resources/dev.tandem.Tandem.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT gui)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/tandem.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME dev.tandem.Tandem.svg COMPONENT gui)
foreach(size IN ITEMS 16 22 24 32 48 64 128 256)
    install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/tandem-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME dev.tandem.Tandem.png COMPONENT gui)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/resources/completion/tandemctl
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT cli)

# --- CPack -------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tandem)
set(CPACK_PACKAGE_VENDOR "Tandem maintainers")
set(CPACK_PACKAGE_CONTACT "${TANDEM_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's description starts with its own synopsis line; CPack would put the project's
# one-line summary in front of both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/dist)
set(CPACK_COMPONENTS_ALL gui cli)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING IGNORE)
set(CPACK_STRIP_FILES ON)
# Lintian wants 0755 directories and 0644 control files whatever the umask of the build.
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${TANDEM_PACKAGE_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TANDEM_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${TANDEM_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SOURCE tandem)
# Library dependencies from dpkg-shlibdeps, plus what is only loaded at run time:
# QtKeychain dlopens libsecret for the Secret Service.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(tandem_deb_version "${PROJECT_VERSION}-${TANDEM_PACKAGE_RELEASE}")

set(CPACK_DEBIAN_GUI_PACKAGE_NAME tandem)
set(CPACK_DEBIAN_GUI_PACKAGE_SECTION admin)
# The GUI's messages tell the user to run tandemctl (recovery advice, lab clean-up), and
# tandemctl's libraries are a subset of the GUI's: depending on it costs a 1.5 MB download.
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "libsecret-1-0, tandemctl (= ${tandem_deb_version})")
# With no server named, the GUI starts a local lab of redis-server processes.
set(CPACK_DEBIAN_GUI_PACKAGE_RECOMMENDS "redis-server")
set(CPACK_DEBIAN_GUI_DESCRIPTION "control room for Redis replication (GUI)
Tandem connects to Redis master/replica deployments directly, over TLS or
through an SSH bastion, and shows what every node is doing: roles,
replication links, offsets, lag, sync progress and anomalies.

Promotion, failover, replication set-up, migration and configuration changes
run as reviewed plans written to an audit log; promotion waits until the
replica has applied every acknowledged write. A redis.conf editor gives the
verdict redis-server itself would give. Without a server to connect to,
Tandem starts a local lab of real redis-server processes.

This package contains the desktop application.")

set(CPACK_DEBIAN_CLI_PACKAGE_NAME tandemctl)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_CLI_PACKAGE_DEPENDS "libsecret-1-0")
# Labs need redis-server; SVG and PNG topology exports are drawn by the GUI binary.
set(CPACK_DEBIAN_CLI_PACKAGE_SUGGESTS "redis-server, tandem")
set(CPACK_DEBIAN_CLI_DESCRIPTION "operate Redis master/replica deployments from the command line
tandemctl inspects Redis nodes, discovers replication groups (from nodes or
sentinels), validates and compares redis.conf files, and changes servers:
promotion without losing acknowledged writes, failover, fencing, recovery,
replication set-up, detaching and migration. Every change is printed as a
plan first and written to an audit log. It exports redis.conf,
sentinel.conf, users.acl and the topology without secrets.

This package contains the command-line tool; it needs no graphical
libraries.")

include(CPack)
