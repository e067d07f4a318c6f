#include "TestRegistry.h"

// The main of each tandem_<label>_tests executable; CTest names the test class to run.
int main(int argc, char **argv)
{
    return TestRegistry::run(argc, argv);
}
