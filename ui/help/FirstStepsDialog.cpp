#include "FirstStepsDialog.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

FirstStepsDialog::FirstStepsDialog(QWidget *parent)
    : QDialog(parent)
    , m_text(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("firstStepsDialog"));
    setWindowTitle(tr("First Steps"));
    m_text->setObjectName(QStringLiteral("firstStepsText"));
    m_text->setOpenExternalLinks(false);
    m_text->setHtml(tr(
        "<h2>First steps with Tandem</h2>"
        "<h3>1. Connect</h3>"
        "<p><b>File › Connect…</b> (Ctrl+N): host and port, a password or ACL user, "
        "TLS, or an SSH bastion. One node is enough: Tandem follows masters, replicas and "
        "sentinels to the whole replication group. Save connections in <b>File › Connection "
        "Manager</b> (Ctrl+Shift+O); passwords go to the OS keychain. No server at hand? "
        "<b>File › Start Local Lab</b> runs a master and two replicas on this machine.</p>"
        "<h3>2. Read the topology</h3>"
        "<p>Each card is a node: role, address, memory, and its link to the master with the lag "
        "in bytes. A grey card is a node that does not answer (with the age of its last data); "
        "a red marker is an anomaly — select the node and the Inspector (Alt+2) says what is "
        "wrong and what to do. The Nodes table (Alt+1) lists every node; the Event Log (Alt+3) "
        "keeps what changed and when.</p>"
        "<h3>3. Promote a replica</h3>"
        "<p>Right-click a replica › <b>Promote to Master…</b>: review the plan (every command, "
        "the current lag, the risks), then Promote. Writes pause only while the replica catches "
        "up; the result shows the measured pause and each node's new role.</p>"
        "<h3>4. When the master is down</h3>"
        "<p><b>Operations › Fail Over…</b> (also offered beside the dead-master anomaly) ranks "
        "the replicas by how much data each would lose, runs the chosen plan and fences the old "
        "master so it comes back as a replica.</p>"
        "<h3>5. Edit redis.conf</h3>"
        "<p><b>File › Open redis.conf…</b> (Ctrl+O) checks a file the way redis-server would, "
        "plus replication advice, quick fixes (Ctrl+.), Find (Ctrl+F) and Go to Line (Ctrl+G). "
        "From a node: <b>Node › Edit Live Configuration…</b> or <b>Edit redis.conf over "
        "SSH…</b>; every apply shows the plan first.</p>"
        "<h3>6. What Tandem did</h3>"
        "<p><b>Operations › Audit Log</b> lists every change Tandem made to a server, step by "
        "step, with its outcome. <b>Help › Keyboard Shortcuts</b> lists every key.</p>"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(600, 620);
}

QString FirstStepsDialog::plainText() const
{
    return m_text->toPlainText();
}
