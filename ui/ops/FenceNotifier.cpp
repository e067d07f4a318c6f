#include "FenceNotifier.h"

#include "ops/FencePlanner.h"
#include "ops/MasterFence.h"

#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

FenceNotifier::FenceNotifier(MasterFence *fence, QWidget *window)
    : QObject(window)
    , m_fence(fence)
    , m_window(window)
{
    connect(fence, &MasterFence::fenceNeeded, this, &FenceNotifier::ask);
    connect(fence, &MasterFence::demoted, this,
            [this](const QString &oldMaster, const QString &newMaster, qint64 writableForAtMostMs,
                   qint64 acknowledgedWrites, const QString &operationId) {
        if (QMessageBox *box = notice(oldMaster))
            box->close();
        FenceMeasurement m;
        m.writableForAtMostMs = writableForAtMostMs;
        m.acknowledgedWrites = acknowledgedWrites;
        Q_EMIT message(oldMaster, tr("%1 came back as a master after a failover and was made a replica of %2: %3 "
                                     "(audit %4).")
                                      .arg(oldMaster, newMaster, m.sentence(), operationId),
                       true);
    });
    connect(fence, &MasterFence::demoteFailed, this, [this](const QString &oldMaster, const QString &error) {
        Q_EMIT message(oldMaster, tr("%1 is back as a master but could not be demoted: %2 (retrying)").arg(oldMaster, error),
                       true);
    });
    connect(fence, &MasterFence::lifted, this, [this](const QString &oldMaster) {
        if (QMessageBox *box = notice(oldMaster))
            box->close();
        Q_EMIT message(oldMaster, tr("%1 follows the group's master again: fence lifted").arg(oldMaster), false);
    });
}

QMessageBox *FenceNotifier::notice(const QString &oldMaster) const
{
    const QList<QMessageBox *> boxes = m_window->findChildren<QMessageBox *>(QStringLiteral("fenceNotice"));
    for (QMessageBox *box : boxes) {
        if (box->property("oldMaster").toString() == oldMaster && box->isVisible())
            return box;
    }
    return nullptr;
}

void FenceNotifier::ask(const QString &oldMaster, const QString &newMaster)
{
    Q_EMIT message(oldMaster, tr("%1 is back as a writable master; it was replaced by %2 in a failover").arg(oldMaster, newMaster),
                   true);
    if (notice(oldMaster))
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Old master is back"),
                                tr("%1 was replaced by %2 in a failover and is back as a <b>writable master</b> "
                                   "with its old data. Writes sent to it will be lost.<br><br>Demote it now "
                                   "(REPLICAOF %2)? It then resyncs from the current master.")
                                    .arg(oldMaster.toHtmlEscaped(), newMaster.toHtmlEscaped()),
                                QMessageBox::NoButton, m_window);
    box->setObjectName(QStringLiteral("fenceNotice"));
    box->setProperty("oldMaster", oldMaster);
    box->setWindowModality(Qt::NonModal);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *demote = box->addButton(tr("Demote Now"), QMessageBox::AcceptRole);
    demote->setObjectName(QStringLiteral("demoteNowButton"));
    box->addButton(tr("Later"), QMessageBox::RejectRole);
    box->setDefaultButton(demote);
    connect(demote, &QPushButton::clicked, this, [this, oldMaster] { m_fence->demote(oldMaster); });
    box->show();
}
