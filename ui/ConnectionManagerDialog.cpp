#include "ConnectionManagerDialog.h"

#include "ConnectionDialog.h"
#include "ProfileListModel.h"
#include "net/ConnectionTester.h"
#include "profile/ProfileExchange.h"
#include "profile/ProfileStore.h"
#include "profile/SecretStore.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

#include <memory>

// Q_INIT_RESOURCE must be called outside any namespace; tandem_ui is a static library, so
// without this reference the linker would drop the icons when the dialog is used alone.
static void initManagerResources()
{
    Q_INIT_RESOURCE(tandem);
}

namespace {

QString secretLabel(SecretKind kind)
{
    switch (kind) {
    case SecretKind::Password:
        return ConnectionManagerDialog::tr("password");
    case SecretKind::SshPassphrase:
        return ConnectionManagerDialog::tr("SSH key passphrase");
    case SecretKind::SshPassword:
        return ConnectionManagerDialog::tr("SSH password");
    }
    return QString();
}

QString profileTitle(const ConnectionProfile &profile)
{
    return profile.name.isEmpty() ? profile.address() : profile.name;
}

QPushButton *makeButton(const QString &objectName, const QString &text, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    button->setAutoDefault(false);  // Enter means Connect, whichever button was clicked last
    return button;
}

} // namespace

ConnectionManagerDialog::ConnectionManagerDialog(ProfileStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
{
    initManagerResources();
    setObjectName(QStringLiteral("connectionManager"));
    setWindowTitle(tr("Saved Connections"));

    m_model = new ProfileListModel(store, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("filterEdit"));
    m_filterEdit->setPlaceholderText(tr("Filter by name or address"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("profileList"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProfileListModel::NameColumn, Qt::AscendingOrder);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);
    // Double-click connects; Enter reaches the default (Connect) button. Not `activated`:
    // the view emits it for Enter *and* passes the key on, which would connect twice.
    connect(m_view, &QAbstractItemView::doubleClicked, this, &ConnectionManagerDialog::connectCurrent);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionManagerDialog::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ConnectionManagerDialog::updateButtons);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ConnectionManagerDialog::updateButtons);

    auto *deleteAction = new QAction(tr("Delete Profile"), m_view);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);  // Delete in the filter edits text
    m_view->addAction(deleteAction);
    connect(deleteAction, &QAction::triggered, this, &ConnectionManagerDialog::deleteCurrent);
    auto *newAction = new QAction(tr("New Profile"), this);
    newAction->setShortcut(QKeySequence::New);
    addAction(newAction);
    connect(newAction, &QAction::triggered, this, [this] { newProfile(); });

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setVisible(false);

    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    m_connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setIcon(QIcon(QStringLiteral(":/icons/connect.svg")));
    m_connectButton->setDefault(true);
    m_testButton = buttons->addButton(tr("&Test Connection"), QDialogButtonBox::ActionRole);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setAutoDefault(false);
    m_testButton->setToolTip(tr("Connect with this profile, read INFO and disconnect; nothing changes on the server"));
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionManagerDialog::testCurrent);
    QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    close->setAutoDefault(false);
    // Accepting happens only after secrets are in hand, so not through the box's accepted().
    connect(m_connectButton, &QPushButton::clicked, this, &ConnectionManagerDialog::connectCurrent);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *middle = new QHBoxLayout;
    auto *listColumn = new QVBoxLayout;
    listColumn->addWidget(m_filterEdit);
    listColumn->addWidget(m_view, 1);
    middle->addLayout(listColumn, 1);
    middle->addWidget(createButtonColumn());

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createBanner());
    layout->addLayout(middle, 1);
    layout->addWidget(m_statusLabel);
    layout->addWidget(buttons);

    if (m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(0, 0));
    updateButtons();
    m_view->setFocus();
    resize(QSize(640, 400));

    m_store->secretStore()->isAvailable(this, [this](bool available, const QString &reason) {
        onKeychainProbed(available, reason);
    });
}

QWidget *ConnectionManagerDialog::createBanner()
{
    m_bannerRow = new QWidget(this);
    m_bannerRow->setObjectName(QStringLiteral("keychainBannerRow"));
    auto *layout = new QHBoxLayout(m_bannerRow);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *icon = new QLabel(m_bannerRow);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/warning.svg")).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);
    m_bannerLabel = new QLabel(m_bannerRow);
    m_bannerLabel->setObjectName(QStringLiteral("keychainBanner"));
    m_bannerLabel->setWordWrap(true);
    m_bannerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(icon);
    layout->addWidget(m_bannerLabel, 1);
    m_bannerRow->setVisible(false);
    return m_bannerRow;
}

QWidget *ConnectionManagerDialog::createButtonColumn()
{
    auto *column = new QWidget(this);
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    QPushButton *newButton = makeButton(QStringLiteral("newButton"), tr("&New…"), column);
    m_editButton = makeButton(QStringLiteral("editButton"), tr("&Edit…"), column);
    m_duplicateButton = makeButton(QStringLiteral("duplicateButton"), tr("D&uplicate"), column);
    m_deleteButton = makeButton(QStringLiteral("deleteButton"), tr("&Delete"), column);
    QPushButton *importButton = makeButton(QStringLiteral("importButton"), tr("&Import…"), column);
    m_exportButton = makeButton(QStringLiteral("exportButton"), tr("E&xport…"), column);
    connect(newButton, &QPushButton::clicked, this, [this] { newProfile(); });
    connect(m_editButton, &QPushButton::clicked, this, [this] { editCurrent(); });
    connect(m_duplicateButton, &QPushButton::clicked, this, &ConnectionManagerDialog::duplicateCurrent);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectionManagerDialog::deleteCurrent);
    connect(importButton, &QPushButton::clicked, this, &ConnectionManagerDialog::chooseImportFile);
    connect(m_exportButton, &QPushButton::clicked, this, &ConnectionManagerDialog::chooseExportFile);
    for (QPushButton *b : {newButton, m_editButton, m_duplicateButton, m_deleteButton})
        layout->addWidget(b);
    layout->addStretch(1);
    layout->addWidget(importButton);
    layout->addWidget(m_exportButton);
    return column;
}

void ConnectionManagerDialog::onKeychainProbed(bool available, const QString &reason)
{
    const bool persistent = m_store->secretStore()->isPersistent();
    m_keychainUsable = available && persistent;
    if (!available) {
        m_bannerLabel->setText(tr("No keychain available: passwords will not be saved; Tandem "
                                  "will ask each time."));
        m_bannerLabel->setToolTip(reason);
    } else if (!persistent) {
        m_bannerLabel->setText(tr("Passwords are kept only until Tandem quits; after that "
                                  "Tandem will ask again."));
        m_bannerLabel->setToolTip(QString());
    }
    m_bannerRow->setVisible(!m_keychainUsable);
    Q_EMIT keychainChecked(m_keychainUsable);
}

void ConnectionManagerDialog::updateButtons()
{
    const bool selected = !currentId().isEmpty();
    for (QPushButton *b : {m_editButton, m_duplicateButton, m_deleteButton})
        b->setEnabled(selected);
    for (QPushButton *b : {m_connectButton, m_testButton})
        b->setEnabled(selected && !m_busy);
    m_exportButton->setEnabled(m_store->count() > 0);
}

QString ConnectionManagerDialog::statusText() const
{
    return m_statusLabel->text();
}

void ConnectionManagerDialog::setStatus(const QString &text)
{
    m_statusLabel->setText(text);
    m_statusLabel->setVisible(!text.isEmpty());
}

QString ConnectionManagerDialog::currentId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return QString();
    return m_model->idAt(m_proxy->mapToSource(rows.first()).row());
}

void ConnectionManagerDialog::selectProfile(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {  // hidden by the filter: the user wants to see it now
        m_filterEdit->clear();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
}

QString ConnectionManagerDialog::storedSecretPlaceholder() const
{
    return m_keychainUsable ? tr("Stored in the keychain; type to replace")
                            : tr("Asked when connecting; type to replace");
}

ConnectionDialog *ConnectionManagerDialog::openEditor(const QString &title)
{
    auto *dialog = new ConnectionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setAcceptButtonText(tr("&Save"));
    dialog->setSecretNote(m_keychainUsable
                              ? tr("Passwords are saved in the system keychain, never in "
                                   "Tandem's settings.")
                              : tr("No keychain available: passwords are not saved; Tandem "
                                   "asks for them when connecting."));
    return dialog;
}

ConnectionDialog *ConnectionManagerDialog::newProfile()
{
    ConnectionDialog *dialog = openEditor(tr("New Connection Profile"));
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const ConnectionProfile profile = dialog->profile();
        const QString name = profileTitle(profile);
        const QString id = m_store->add(profile, this, [this, name](const SecretsResult &result) {
            reportSaved(name, result);
        });
        selectProfile(id);
    });
    dialog->open();
    return dialog;
}

ConnectionDialog *ConnectionManagerDialog::editCurrent()
{
    const SavedProfile saved = m_store->profile(currentId());
    if (saved.id.isEmpty())
        return nullptr;
    ConnectionDialog *dialog = openEditor(tr("Edit Connection Profile"));
    dialog->setProfile(saved.profile);  // secrets are blank: not read unless replaced
    dialog->setStoredSecrets(saved.secrets, storedSecretPlaceholder());
    const QString id = saved.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, id] {
        const ConnectionProfile profile = dialog->profile();
        // Typed secrets, erased ones, and a password that came in with a redis:// address.
        QList<SecretKind> changed = dialog->editedSecrets();
        for (SecretKind kind : SecretKinds::present(profile)) {
            if (!changed.contains(kind))
                changed.append(kind);
        }
        const QString name = profileTitle(profile);
        const bool known = m_store->update(id, profile, changed, this,
                                           [this, name](const SecretsResult &result) {
                                               reportSaved(name, result);
                                           });
        if (!known)
            setStatus(tr("\"%1\" was deleted while it was being edited; nothing was saved.").arg(name));
    });
    dialog->open();
    return dialog;
}

void ConnectionManagerDialog::duplicateCurrent()
{
    const QString id = currentId();
    if (id.isEmpty())
        return;
    const QString newId = m_store->duplicate(id, QString(), this, [this](const SecretsResult &) {
        // Missing secrets of a copy are asked for on connect like any other; nothing to say.
    });
    selectProfile(newId);
    setStatus(tr("Created \"%1\".").arg(m_store->profile(newId).profile.name));
}

void ConnectionManagerDialog::deleteCurrent()
{
    const SavedProfile saved = m_store->profile(currentId());
    if (saved.id.isEmpty())
        return;
    const QString name = profileTitle(saved.profile);
    const QString question = tr("Delete the profile \"%1\"? Its saved passwords are removed "
                                "from the keychain too.").arg(name);
    const bool confirmed = m_confirm
        ? m_confirm(question)
        : QMessageBox::question(this, tr("Delete Profile"), question,
                                QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            == QMessageBox::Yes;
    if (!confirmed)
        return;
    const int row = m_view->currentIndex().row();
    m_store->remove(saved.id, this, [this, name](const SecretsResult &result) {
        if (!result.error.isEmpty())
            setStatus(tr("Deleted \"%1\", but its secrets could not be removed: %2")
                          .arg(name, result.error));
    });
    setStatus(tr("Deleted \"%1\".").arg(name));
    if (m_proxy->rowCount() > 0)
        m_view->setCurrentIndex(m_proxy->index(qMin(row, m_proxy->rowCount() - 1), 0));
}

void ConnectionManagerDialog::connectCurrent()
{
    withSecrets([this](const ConnectionProfile &profile) {
        setStatus(QString());
        Q_EMIT connectRequested(profile);
        accept();
    });
}

void ConnectionManagerDialog::testCurrent()
{
    withSecrets([this](const ConnectionProfile &profile) {
        m_busy = true;
        updateButtons();
        setStatus(tr("Testing \"%1\"…").arg(profileTitle(profile)));
        auto *tester = new ConnectionTester(profile, m_ssh, this, m_transportFactory);
        connect(tester, &ConnectionTester::finished, this,
                [this, tester, title = profileTitle(profile)](const ConnectionTester::Result &result) {
                    tester->deleteLater();
                    m_busy = false;
                    updateButtons();
                    setStatus(result.ok() ? tr("\"%1\" works: %2").arg(title, result.summary())
                                          : tr("\"%1\" does not work. %2").arg(title, result.summary()));
                    Q_EMIT connectionTested(result);
                });
        tester->start();
    });
}

void ConnectionManagerDialog::withSecrets(const std::function<void(const ConnectionProfile &)> &then)
{
    const SavedProfile saved = m_store->profile(currentId());
    if (saved.id.isEmpty() || m_busy)
        return;
    m_busy = true;
    updateButtons();
    m_store->loadWithSecrets(saved.id, this, [this, saved, then](const ConnectionProfile &profile,
                                                                 const SecretsResult &result) {
        if (!result.error.isEmpty() && result.missing.isEmpty()) {  // deleted meanwhile
            m_busy = false;
            updateButtons();
            setStatus(result.error);
            return;
        }
        QList<SecretKind> missing;
        for (SecretKind kind : result.missing) {
            // An SSH secret is of no use when the profile does not go through SSH.
            if (kind == SecretKind::Password || profile.ssh.enabled)
                missing.append(kind);
        }
        askSecrets(saved, profile, missing, result.error, then);
    });
}

void ConnectionManagerDialog::askSecrets(const SavedProfile &saved, ConnectionProfile profile,
                                         QList<SecretKind> missing, const QString &reason,
                                         const std::function<void(const ConnectionProfile &)> &then)
{
    if (missing.isEmpty()) {
        m_busy = false;
        updateButtons();
        then(profile);
        return;
    }
    const SecretKind kind = missing.takeFirst();
    QPointer<ConnectionManagerDialog> self(this);
    auto answered = std::make_shared<bool>(false);
    const SecretAnswer answer = [self, answered, saved, profile, missing, reason, kind, then](
                                    bool ok, const QString &secret) mutable {
        if (*answered || !self)
            return;
        *answered = true;
        if (!ok) {
            self->m_busy = false;
            self->updateButtons();
            self->setStatus(tr("\"%1\" cancelled.").arg(profileTitle(saved.profile)));
            return;
        }
        SecretKinds::setValue(&profile, kind, secret);
        self->askSecrets(saved, profile, missing, reason, then);
    };
    if (m_secretPrompt)
        m_secretPrompt(saved, kind, reason, answer);
    else
        promptWithDialog(saved, kind, reason, answer);
}

void ConnectionManagerDialog::promptWithDialog(const SavedProfile &saved, SecretKind kind,
                                               const QString &reason, const SecretAnswer &answer)
{
    // Non-modal open(): no nested event loop while the keychain may still be answering.
    auto *input = new QInputDialog(this);
    input->setObjectName(QStringLiteral("secretPrompt"));
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setWindowTitle(tr("Connect to %1").arg(profileTitle(saved.profile)));
    input->setInputMode(QInputDialog::TextInput);
    input->setTextEchoMode(QLineEdit::Password);
    QString label = tr("Enter the %1 for \"%2\" (it is not saved):")
                        .arg(secretLabel(kind), profileTitle(saved.profile));
    if (!reason.isEmpty())
        label = QString(label + QStringLiteral("\n\n") + reason);
    input->setLabelText(label);
    connect(input, &QInputDialog::textValueSelected, this,
            [answer](const QString &text) { answer(true, text); });
    connect(input, &QDialog::rejected, this, [answer] { answer(false, QString()); });
    input->open();
}

void ConnectionManagerDialog::reportSaved(const QString &name, const SecretsResult &result)
{
    if (result.missing.isEmpty() && result.error.isEmpty()) {
        setStatus(tr("Saved \"%1\".").arg(name));
        return;
    }
    if (result.missing.isEmpty()) {
        setStatus(tr("Saved \"%1\"; the keychain reported: %2").arg(name, result.error));
        return;
    }
    // The probe only reads; a keychain that cannot write (no default keyring, locked and no
    // prompt possible) shows up here. From now on the banner tells the truth.
    if (!result.error.isEmpty() && m_keychainUsable)
        onKeychainProbed(false, result.error);
    QStringList what;
    for (SecretKind kind : result.missing)
        what.append(secretLabel(kind));
    const QString why = result.error.isEmpty() ? tr("the keychain did not keep it") : result.error;
    setStatus(tr("Saved \"%1\" without its %2 (%3). Tandem will ask for it when connecting.")
                  .arg(name, what.join(tr(", ")), why));
}

bool ConnectionManagerDialog::importFromFile(const QString &path)
{
    const ProfileExchange::ImportResult result = ProfileExchange::importFromFile(path);
    if (!result.ok()) {
        setStatus(tr("Nothing imported: %1").arg(result.error));
        return false;
    }
    const QStringList ids = m_store->importProfiles(result.profiles);
    if (!ids.isEmpty())
        selectProfile(ids.last());
    QStringList lines{tr("Imported %n profile(s).", nullptr, int(ids.size()))};
    lines += result.problems;
    lines += result.notes;
    setStatus(lines.join(QLatin1Char('\n')));
    return true;
}

bool ConnectionManagerDialog::exportToFile(const QString &path)
{
    QString error;
    if (!ProfileExchange::exportToFile(path, m_store->profiles(), &error)) {
        setStatus(tr("Export failed: %1").arg(error));
        return false;
    }
    setStatus(tr("Exported %n profile(s) to %1 (without passwords).", nullptr, m_store->count())
                  .arg(path));
    return true;
}

void ConnectionManagerDialog::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Connection Profiles"), QString(),
        tr("Tandem profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        importFromFile(path);
}

void ConnectionManagerDialog::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Connection Profiles"), QStringLiteral("tandem-profiles.json"),
        tr("Tandem profiles (*.json);;All files (*)"));
    if (!path.isEmpty())
        exportToFile(path);
}
