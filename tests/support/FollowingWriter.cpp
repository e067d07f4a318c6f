#include "FollowingWriter.h"

struct FollowingWriter::Private
{
};

FollowingWriter::FollowingWriter(const QStringList &, const QString &, const QByteArray &)
    : d(std::make_unique<Private>())
{
}

FollowingWriter::~FollowingWriter() = default;
void FollowingWriter::start() {}
void FollowingWriter::stop() {}
qint64 FollowingWriter::acknowledged() const { return 0; }
QString FollowingWriter::currentNode() const { return {}; }
qint64 FollowingWriter::longestGapMs() const { return 0; }
void FollowingWriter::resetGap() {}
bool FollowingWriter::waitForMore(qint64, int) const { return false; }
qint64 FollowingWriter::missingOn(const QString &) const { return -1; }
