#include "TestRegistry.h"

#include "config/TextSearch.h"

#include <QTest>

// The config editor's find bar: which ranges match with the options, and where Find Next and
// Find Previous go from a cursor position, wrapping around the ends.
class TestTextSearch : public QObject
{
    Q_OBJECT

    using Match = TextSearch::Match;

    static QList<qsizetype> starts(const QList<Match> &matches)
    {
        QList<qsizetype> out;
        for (const Match &m : matches)
            out << m.start;
        return out;
    }

private Q_SLOTS:
    void caseInsensitiveByDefault()
    {
        const QString text = QStringLiteral("Replicaof a\n# replicaof b\nREPLICAOF");
        const QList<Match> all = TextSearch::findAll(text, u"replicaof", {});
        QCOMPARE(starts(all), (QList<qsizetype>{0, 14, 26}));
        QCOMPARE(all.first().length, 9);
    }

    void caseSensitive()
    {
        const QString text = QStringLiteral("Replicaof a\n# replicaof b\nREPLICAOF");
        TextSearch::Options options;
        options.caseSensitive = true;
        QCOMPARE(starts(TextSearch::findAll(text, u"replicaof", options)), (QList<qsizetype>{14}));
    }

    void wholeWordTreatsHyphenAsPartOfTheWord()
    {
        const QString text = QStringLiteral("maxmemory 1gb\nmaxmemory-policy noeviction\n#maxmemory\nmymaxmemory");
        TextSearch::Options options;
        options.wholeWord = true;
        QCOMPARE(starts(TextSearch::findAll(text, u"maxmemory", options)), (QList<qsizetype>{0, 43}));
        QCOMPARE(TextSearch::findAll(text, u"maxmemory", {}).size(), 4);
    }

    void wholeWordRetriesInsideARejectedRun()
    {
        TextSearch::Options options;
        options.wholeWord = true;
        QCOMPARE(starts(TextSearch::findAll(u"aaa aa", u"aa", options)), (QList<qsizetype>{4}));
    }

    void matchesDoNotOverlap()
    {
        QCOMPARE(starts(TextSearch::findAll(u"aaaa", u"aa", {})), (QList<qsizetype>{0, 2}));
    }

    void emptyNeedleOrTextFindsNothing()
    {
        QVERIFY(TextSearch::findAll(u"abc", u"", {}).isEmpty());
        QVERIFY(TextSearch::findAll(u"", u"a", {}).isEmpty());
        QVERIFY(TextSearch::findAll(u"ab", u"abc", {}).isEmpty());
        QCOMPARE(TextSearch::nextIndex({}, 0), -1);
        QCOMPARE(TextSearch::previousIndex({}, 0), -1);
    }

    void nextWrapsAround()
    {
        const QList<Match> m = TextSearch::findAll(u"x.x.x", u"x", {});  // 0, 2, 4
        bool wrapped = true;
        QCOMPARE(TextSearch::nextIndex(m, 0, &wrapped), 0);
        QVERIFY(!wrapped);
        QCOMPARE(TextSearch::nextIndex(m, 1, &wrapped), 1);
        QCOMPARE(TextSearch::nextIndex(m, 4, &wrapped), 2);
        QVERIFY(!wrapped);
        QCOMPARE(TextSearch::nextIndex(m, 5, &wrapped), 0);
        QVERIFY(wrapped);
    }

    void previousWrapsAround()
    {
        const QList<Match> m = TextSearch::findAll(u"ab.ab.ab", u"ab", {});  // 0, 3, 6
        bool wrapped = true;
        QCOMPARE(TextSearch::previousIndex(m, 8, &wrapped), 2);
        QVERIFY(!wrapped);
        QCOMPARE(TextSearch::previousIndex(m, 6, &wrapped), 1);  // from the start of the last match
        QCOMPARE(TextSearch::previousIndex(m, 2, &wrapped), 0);
        QVERIFY(!wrapped);
        QCOMPARE(TextSearch::previousIndex(m, 1, &wrapped), 2);
        QVERIFY(wrapped);
    }

    void indexOfExactRange()
    {
        const QList<Match> m = TextSearch::findAll(u"ab.ab.ab", u"ab", {});
        QCOMPARE(TextSearch::indexOf(m, 3, 5), 1);
        QCOMPARE(TextSearch::indexOf(m, 3, 4), -1);
        QCOMPARE(TextSearch::indexOf(m, 4, 6), -1);
    }
};

TANDEM_TEST_GUILESS_MAIN(TestTextSearch)
#include "tst_textsearch.moc"
