#include "TestRegistry.h"

#include "info/DataSize.h"

#include <QTest>

// Every byte count in the window, the CLI and the exports reads the same way: binary units,
// one decimal, never "1,000.4 KiB".
class TestDataSize : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0 B");
        QTest::newRow("bytes") << qint64(999) << QStringLiteral("999 B");
        QTest::newRow("1000 bytes") << qint64(1000) << QStringLiteral("1.0 KiB");
        QTest::newRow("1 KiB") << qint64(1024) << QStringLiteral("1.0 KiB");
        QTest::newRow("12.3 KiB") << qint64(12595) << QStringLiteral("12.3 KiB");
        QTest::newRow("999.9 KiB") << qint64(1023898) << QStringLiteral("999.9 KiB");
        // The report: used_memory 1,024,409 read "1,000.4 KiB".
        QTest::newRow("1000.4 KiB") << qint64(1024409) << QStringLiteral("1.0 MiB");
        QTest::newRow("rounds to 1000.0 KiB") << qint64(1023990) << QStringLiteral("1.0 MiB");
        QTest::newRow("1.5 MiB") << qint64(1572864) << QStringLiteral("1.5 MiB");
        QTest::newRow("400 MiB") << qint64(400) * 1024 * 1024 << QStringLiteral("400.0 MiB");
        QTest::newRow("1000 MiB") << qint64(1000) * 1024 * 1024 << QStringLiteral("1.0 GiB");
        QTest::newRow("64 GiB") << qint64(64) * 1024 * 1024 * 1024 << QStringLiteral("64.0 GiB");
        QTest::newRow("unknown") << qint64(-1) << QString();
    }

    void text()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, expected);
        QCOMPARE(DataSize::text(bytes), expected);
    }

    // The GUI passes the user's locale: the decimal point follows it, nothing else changes.
    void followsTheLocaleDecimalPoint()
    {
        QCOMPARE(DataSize::text(1572864, QLocale(QLocale::German)), QStringLiteral("1,5 MiB"));
        QCOMPARE(DataSize::text(1024409, QLocale(QLocale::English)), QStringLiteral("1.0 MiB"));
    }
};

TANDEM_TEST_GUILESS_MAIN(TestDataSize)
#include "tst_datasize.moc"
