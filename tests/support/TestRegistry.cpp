#include "TestRegistry.h"

#include <QByteArray>
#include <QFileInfo>
#include <QMap>

#include <cstdio>
#include <vector>

namespace TestRegistry {

namespace {

QMap<QByteArray, Main> &entries()
{
    static QMap<QByteArray, Main> map;
    return map;
}

QByteArray &current()
{
    static QByteArray name;
    return name;
}

} // namespace

bool add(const char *sourceFile, Main main)
{
    QByteArray name = QFileInfo(QString::fromLocal8Bit(sourceFile)).completeBaseName().toLocal8Bit();
    if (name.startsWith("tst_"))
        name.remove(0, 4);
    if (entries().contains(name)) {
        std::fprintf(stderr, "two tests are named %s\n", name.constData());
        std::abort();
    }
    entries().insert(name, main);
    return true;
}

int run(int argc, char **argv)
{
    // tandem_<label>_tests
    QByteArray label = QFileInfo(QString::fromLocal8Bit(argv[0])).fileName().toLocal8Bit();
    label = label.mid(7, label.size() - 7 - 6);
    const QByteArray wanted = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    const auto it = entries().constFind(wanted);
    if (it == entries().constEnd()) {
        std::fprintf(stderr, "usage: %s TEST [QTest options]\ntests in %s:\n", argv[0], label.constData());
        for (auto e = entries().cbegin(); e != entries().cend(); ++e)
            std::fprintf(stderr, "  %s\n", e.key().constData());
        return wanted == "--list" ? 0 : 2;
    }
    current() = wanted;
    // The test sees the argument list a separate binary named <label>_<name> would have seen.
    static QByteArray program = label + '_' + wanted;
    std::vector<char *> args{program.data()};
    for (int i = 2; i < argc; ++i)
        args.push_back(argv[i]);
    args.push_back(nullptr);
    return it.value()(argc - 1, args.data());
}

QStringList selfArguments()
{
    return {QString::fromLocal8Bit(current())};
}

} // namespace TestRegistry
