#include "ExportDialog.h"

#include "ssh/SshSessionPool.h"

#include "export/BundleExport.h"
#include "export/SentinelConfExport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {

QString roleText(const TopologyNode &n)
{
    switch (n.role) {
    case NodeSnapshot::Role::Master:
        return QObject::tr("master");
    case NodeSnapshot::Role::Replica:
        return QObject::tr("replica");
    default:
        return n.isUp() ? QObject::tr("unknown role") : QObject::tr("down");
    }
}

QSpinBox *spin(const QString &objectName, int min, int max, int value, const QString &suffix = {})
{
    auto *s = new QSpinBox;
    s->setObjectName(objectName);
    s->setRange(min, max);
    s->setValue(value);
    s->setSuffix(suffix);
    s->setGroupSeparatorShown(true);
    return s;
}

} // namespace

ExportDialog::ExportDialog(const Topology &topology, GroupExportReader::ProfileLookup profileFor, SshSessionPool *ssh,
                           QWidget *parent)
    : QDialog(parent)
    , m_topology(topology)
    , m_profileFor(std::move(profileFor))
    , m_ssh(ssh)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export"));
    buildUi();
    updateOptions();
    resize(900, 620);
}

void ExportDialog::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("exportKind"));
    m_kind->addItem(tr("redis.conf of a node"), static_cast<int>(ExportJob::Kind::RedisConf));
    m_kind->addItem(tr("sentinel.conf for each Sentinel of a group"), static_cast<int>(ExportJob::Kind::Sentinel));
    m_kind->addItem(tr("users.acl of a group (hashed passwords)"), static_cast<int>(ExportJob::Kind::Acl));
    m_kind->addItem(tr("Deployment bundle of a group (configs, Sentinels, systemd, README)"),
                    static_cast<int>(ExportJob::Kind::Bundle));
    form->addRow(tr("&Export:"), m_kind);

    m_node = new QComboBox;
    m_node->setObjectName(QStringLiteral("exportNode"));
    for (const TopologyNode &n : m_topology.nodes) {
        if (n.role == NodeSnapshot::Role::Sentinel || n.placeholder)
            continue;
        m_node->addItem(QStringLiteral("%1 (%2)").arg(n.address, roleText(n)), n.address);
    }
    form->addRow(tr("&Node:"), m_node);

    m_minimal = new QCheckBox(tr("&Only the settings that differ from the defaults (commented)"));
    m_minimal->setObjectName(QStringLiteral("exportMinimal"));
    form->addRow(QString(), m_minimal);

    m_secrets = new QCheckBox(tr("Include &secrets (passwords in clear)"));
    m_secrets->setObjectName(QStringLiteral("exportIncludeSecrets"));
    m_secretsWarning = new QLabel(tr("The files will contain the group's passwords in clear. Keep them private."));
    m_secretsWarning->setObjectName(QStringLiteral("exportSecretsWarning"));
    m_secretsWarning->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_secretsWarning->setVisible(false);
    form->addRow(QString(), m_secrets);
    form->addRow(QString(), m_secretsWarning);
    layout->addLayout(form);

    // Sentinel settings: for the sentinel files and the bundle.
    auto *sentinelBox = new QGroupBox(tr("Sentinels"));
    auto *sentinelForm = new QFormLayout(sentinelBox);
    m_name = new QLineEdit(QStringLiteral("mymaster"));
    m_name->setObjectName(QStringLiteral("exportSentinelName"));
    m_sentinels = new QLineEdit;
    m_sentinels->setObjectName(QStringLiteral("exportSentinels"));
    m_sentinels->setPlaceholderText(tr("HOST:PORT, … (empty: three on the group's hosts, port 26379)"));
    m_quorum = spin(QStringLiteral("exportQuorum"), 0, 99, 0);
    m_quorum->setSpecialValueText(tr("majority"));
    m_downAfter = spin(QStringLiteral("exportDownAfter"), 100, 86400000, 30000, tr(" ms"));
    m_failoverTimeout = spin(QStringLiteral("exportFailoverTimeout"), 1000, 86400000, 180000, tr(" ms"));
    m_parallelSyncs = spin(QStringLiteral("exportParallelSyncs"), 1, 100, 1);
    sentinelForm->addRow(tr("Master &name:"), m_name);
    sentinelForm->addRow(tr("Sentinel &hosts:"), m_sentinels);
    sentinelForm->addRow(tr("&Quorum:"), m_quorum);
    sentinelForm->addRow(tr("&Down after:"), m_downAfter);
    sentinelForm->addRow(tr("&Failover timeout:"), m_failoverTimeout);
    sentinelForm->addRow(tr("&Parallel syncs:"), m_parallelSyncs);
    m_groupOptions = new QStackedWidget;
    m_groupOptions->addWidget(new QWidget);
    m_groupOptions->addWidget(sentinelBox);
    layout->addWidget(m_groupOptions);

    auto *row = new QHBoxLayout;
    m_read = new QPushButton(tr("&Read from the Nodes"));
    m_read->setObjectName(QStringLiteral("exportReadButton"));
    m_read->setDefault(true);
    m_save = new QPushButton(tr("&Save…"));
    m_save->setObjectName(QStringLiteral("exportSaveButton"));
    m_save->setEnabled(false);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_read);
    row->addWidget(m_save);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(m_status);

    auto *split = new QSplitter;
    m_fileList = new QListWidget;
    m_fileList->setObjectName(QStringLiteral("exportFiles"));
    m_preview = new QPlainTextEdit;
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    split->addWidget(m_fileList);
    split->addWidget(m_preview);
    split->setStretchFactor(1, 3);
    split->setSizes({320, 580});
    layout->addWidget(split, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ExportDialog::updateOptions);
    connect(m_secrets, &QCheckBox::toggled, m_secretsWarning, &QWidget::setVisible);
    // What was read no longer matches the choices: read again before saving.
    for (QWidget *w : QList<QWidget *>{m_kind, m_node, m_minimal, m_secrets, m_name, m_sentinels, m_quorum,
                                       m_downAfter, m_failoverTimeout, m_parallelSyncs}) {
        if (auto *c = qobject_cast<QComboBox *>(w))
            connect(c, &QComboBox::currentIndexChanged, this, [this] { m_save->setEnabled(false); });
        else if (auto *b = qobject_cast<QCheckBox *>(w))
            connect(b, &QCheckBox::toggled, this, [this] { m_save->setEnabled(false); });
        else if (auto *e = qobject_cast<QLineEdit *>(w))
            connect(e, &QLineEdit::textChanged, this, [this] { m_save->setEnabled(false); });
        else if (auto *s = qobject_cast<QSpinBox *>(w))
            connect(s, &QSpinBox::valueChanged, this, [this] { m_save->setEnabled(false); });
    }
    connect(m_read, &QPushButton::clicked, this, &ExportDialog::read);
    connect(m_save, &QPushButton::clicked, this, &ExportDialog::chooseAndSave);
    connect(m_fileList, &QListWidget::currentRowChanged, this, &ExportDialog::showFile);
}

void ExportDialog::setKind(ExportJob::Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(kind)));
}

void ExportDialog::setAddress(const QString &address)
{
    const int index = m_node->findData(address);
    if (index >= 0)
        m_node->setCurrentIndex(index);
}

void ExportDialog::updateOptions()
{
    const auto kind = static_cast<ExportJob::Kind>(m_kind->currentData().toInt());
    m_minimal->setVisible(kind == ExportJob::Kind::RedisConf);
    m_secrets->setVisible(kind != ExportJob::Kind::Acl);  // users.acl holds hashes only
    m_secretsWarning->setVisible(m_secrets->isVisible() && m_secrets->isChecked());
    const bool sentinel = kind == ExportJob::Kind::Sentinel || kind == ExportJob::Kind::Bundle;
    m_groupOptions->setCurrentIndex(sentinel ? 1 : 0);
    m_groupOptions->setVisible(sentinel);
}

ExportJob::Request ExportDialog::request() const
{
    ExportJob::Request r;
    r.kind = static_cast<ExportJob::Kind>(m_kind->currentData().toInt());
    r.address = m_node->currentData().toString();
    r.includeSecrets = m_secrets->isVisible() && m_secrets->isChecked();
    r.minimal = m_minimal->isChecked();
    r.sentinel.name = m_name->text().trimmed();
    for (const QString &s : m_sentinels->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        r.sentinel.sentinels << s.trimmed();
    r.sentinel.quorum = m_quorum->value();
    r.sentinel.downAfterMs = m_downAfter->value();
    r.sentinel.failoverTimeoutMs = m_failoverTimeout->value();
    r.sentinel.parallelSyncs = m_parallelSyncs->value();
    return r;
}

void ExportDialog::read()
{
    const ExportJob::Request r = request();
    if (r.address.isEmpty()) {
        onFailed(tr("Choose a node first."));
        return;
    }
    if (r.kind == ExportJob::Kind::Sentinel || r.kind == ExportJob::Kind::Bundle) {
        const QString problem = SentinelConfExport::optionsError(r.sentinel);
        if (!problem.isEmpty()) {
            onFailed(problem);
            return;
        }
    }
    if (m_job)
        m_job->deleteLater();
    m_job = new ExportJob(m_ssh, this);
    connect(m_job, &ExportJob::finished, this, &ExportDialog::onRead);
    connect(m_job, &ExportJob::failed, this, [this](const QString &reason) { onFailed(reason); });
    m_read->setEnabled(false);
    m_save->setEnabled(false);
    m_fileList->clear();
    m_preview->clear();
    m_status->setText(tr("Reading %1…").arg(r.address));
    m_job->start(m_topology, m_profileFor, r);
}

void ExportDialog::onRead()
{
    m_read->setEnabled(true);
    m_save->setEnabled(true);
    for (const ExportFile &f : m_job->files())
        m_fileList->addItem(f.name);
    m_fileList->setCurrentRow(0);
    QStringList lines;
    lines << tr("%n file(s) ready from %1.", nullptr, static_cast<int>(m_job->files().size()))
                 .arg(m_job->sources().join(QStringLiteral(", ")));
    if (!m_job->origin().isEmpty())
        lines << m_job->origin() + QLatin1Char('.');
    lines << m_job->warnings();
    m_status->setText(lines.join(QLatin1Char('\n')));
    Q_EMIT readFinished(true);
}

void ExportDialog::onFailed(const QString &reason)
{
    m_read->setEnabled(true);
    m_save->setEnabled(false);
    m_status->setText(tr("Could not export: %1").arg(reason));
    Q_EMIT readFinished(false);
}

void ExportDialog::showFile(int row)
{
    if (!m_job || row < 0 || row >= m_job->files().size()) {
        m_preview->clear();
        return;
    }
    m_preview->setPlainText(QString::fromUtf8(m_job->files().at(row).bytes));
}

void ExportDialog::chooseAndSave()
{
    if (!m_job)
        return;
    QString destination;
    if (m_job->request().kind == ExportJob::Kind::Sentinel) {
        destination = QFileDialog::getExistingDirectory(this, tr("Save the Sentinel Files Into"), QDir::homePath());
    } else {
        const QString filter = m_job->request().kind == ExportJob::Kind::Bundle
                                   ? tr("Archive (*.tar.gz);;Folder (no suffix)")
                                   : tr("All files (*)");
        destination = QFileDialog::getSaveFileName(this, tr("Save the Export"),
                                                   QDir::home().filePath(m_job->suggestedName()), filter);
    }
    if (!destination.isEmpty())
        saveTo(destination);
}

bool ExportDialog::saveTo(const QString &destination)
{
    QString error;
    if (!m_job || !m_job->save(destination, &error)) {
        m_status->setText(tr("Could not save: %1").arg(error.isEmpty() ? tr("read from the nodes first") : error));
        return false;
    }
    m_status->setText(tr("Saved %1 to %2 (%3).")
                          .arg(m_job->what(), destination,
                               m_job->request().includeSecrets ? tr("passwords included in clear")
                                                               : tr("passwords replaced by placeholders")));
    Q_EMIT saved(destination);
    return true;
}
