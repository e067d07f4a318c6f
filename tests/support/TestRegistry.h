#pragma once

#include <QStringList>
#include <QTest>

// Each tests/<label>/ directory builds one executable holding all its test classes; CTest
// runs it once per class: `tandem_<label>_tests <name> [QTest options]`, where <name> is the
// file's tst_<name>.cpp. A test file ends with one of the macros below instead of Qt's
// QTEST_*MAIN; each runs exactly what the Qt macro of the same name would have run.
namespace TestRegistry {

using Main = int (*)(int argc, char **argv);

// Registers the main function of the test in `sourceFile` (its __FILE__).
bool add(const char *sourceFile, Main main);
// The main of tandem_<label>_tests: runs the test argv[1] names with argv[0] = "<label>_<name>"
// (so application name and settings paths are what they would be in a separate binary).
int run(int argc, char **argv);
// Arguments that start this same test again in a child process (before any test options).
QStringList selfArguments();

} // namespace TestRegistry

#define TANDEM_TEST_WRAPPER(TestObject, ...)                                                        \
    static int tandemTestMain_##TestObject(int argc, char *argv[])                                 \
    {                                                                                              \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                         \
        __VA_ARGS__                                                                                \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }                                                                                              \
    [[maybe_unused]] static const bool tandemTestRegistered_##TestObject =                         \
        TestRegistry::add(__FILE__, tandemTestMain_##TestObject);

#define TANDEM_TEST_MAIN(TestObject) TANDEM_TEST_WRAPPER(TestObject, QTEST_MAIN_SETUP())
#define TANDEM_TEST_GUILESS_MAIN(TestObject) \
    TANDEM_TEST_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
#define TANDEM_TEST_APPLESS_MAIN(TestObject) TANDEM_TEST_WRAPPER(TestObject)
// A test with its own main function (`int fn(int argc, char **argv)`).
#define TANDEM_TEST_CUSTOM_MAIN(function) \
    [[maybe_unused]] static const bool tandemTestRegistered_##function = TestRegistry::add(__FILE__, function);
