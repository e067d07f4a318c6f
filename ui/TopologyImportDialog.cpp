#include "TopologyImportDialog.h"

#include <QDir>
#include <QMessageBox>

TopologyImportDialog::TopologyImportDialog(ProfileStore *store, QWidget *parent)
    : QFileDialog(parent, tr("Import Topology"))
    , m_store(store)
{
    setObjectName(QStringLiteral("importTopologyDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setAcceptMode(QFileDialog::AcceptOpen);
    setFileMode(QFileDialog::ExistingFile);
    setNameFilters({tr("Topology JSON (*.json)"), tr("All files (*)")});
    setDirectory(QDir::home());
    connect(this, &QFileDialog::fileSelected, this, &TopologyImportDialog::importFrom);
}

void TopologyImportDialog::importFrom(const QString &path)
{
    const TopologyImport::Result result = TopologyImport::importFile(path, m_store);
    // Parented to the window, not to this dialog: it closes (and goes) as the box opens.
    auto *box = new QMessageBox(result.ok() ? QMessageBox::Information : QMessageBox::Warning,
                                tr("Import Topology"), result.summary(), QMessageBox::Ok, parentWidget());
    box->setObjectName(QStringLiteral("topologyImportResult"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(result.ok() ? tr("They are in File → Connection Manager. Passwords, TLS and "
                                             "SSH settings are not part of a topology: add them there "
                                             "where a node needs them.")
                                        : tr("No connection was saved."));
    box->open();
    Q_EMIT imported(result);
}
