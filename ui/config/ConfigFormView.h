#pragma once

#include "ConfigFormField.h"

#include <QList>
#include <QWidget>

class ConfigEditor;
class QFormLayout;
class QLabel;
class QTimer;
class QVBoxLayout;

// The essentials the tutorials touch, as a form over the editor's text: bind, port,
// protected-mode, requirepass, masterauth/masteruser, replicaof, tcp-keepalive,
// maxmemory/maxmemory-policy, appendonly/save, TLS (tls-port, tls-cert-file, tls-key-file,
// tls-ca-cert-file, tls-replication). Shows what the text says (the effective value, or the
// default greyed as a placeholder); an edit rewrites the text through ConfigDocument::set /
// remove as one undo step of the editor, so comments and layout survive and Undo in the
// text view reverts it. Re-reads the text when it changes elsewhere.
class ConfigFormView : public QWidget
{
    Q_OBJECT
public:
    // How long the form waits after the last text change before re-reading it.
    static constexpr int kRefreshDelayMs = 150;

    explicit ConfigFormView(ConfigEditor *editor, QWidget *parent = nullptr);

    // Re-reads the editor's text into the fields (called on show and on text change).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QFormLayout *addSection(QVBoxLayout *layout, const QString &title, const QString &objectName);
    ConfigFormField *addField(QFormLayout *form, const QString &label, const QByteArray &directive,
                              ConfigFormField::Kind kind);
    void commit(ConfigFormField *field);
    void textChanged();

    ConfigEditor *m_editor;
    QWidget *m_page;
    QTimer *m_refreshTimer;
    QList<ConfigFormField *> m_fields;
    QList<QLabel *> m_labels;
    bool m_writing = false;  // our own edit is landing in the text
    bool m_stale = true;     // the text changed while the form was hidden
};
