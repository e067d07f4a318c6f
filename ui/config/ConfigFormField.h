#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

class ConfigDocument;
class FilePathEdit;
class QComboBox;
class QLineEdit;
class QToolButton;
class QWidget;

// One directive of the config form: its editor widget(s), how the file's value shows in them
// and how the user's input turns back into arguments. It never touches the text itself: the
// form view applies what parse() returns, so every kind of field edits the file the same way.
class ConfigFormField : public QObject
{
    Q_OBJECT
public:
    enum class Kind {
        Text,       // free text; several words become several arguments for multi-arg directives
        Integer,    // a number within the schema's bounds
        Password,   // a secret: hidden unless the user asks to see it
        Choice,     // yes/no or an enum, with "Default (x)" as the first entry
        Memory,     // number plus unit
        Save,       // snapshot points "3600 1 300 100" or "disabled"
        Path,       // a file, with a browse button
        ReplicaOf,  // host and port
    };

    struct Edit
    {
        enum class Action { Invalid, Remove, Set };
        Action action = Action::Invalid;
        QList<QByteArray> args;
        QString error;             // Invalid: what is wrong, for the tooltip
        QLineEdit *culprit = nullptr;  // Invalid: the edit to mark
    };

    ConfigFormField(const QByteArray &directive, Kind kind, QWidget *parent);

    QByteArray directive() const { return m_directive; }
    Kind kind() const { return m_kind; }
    QWidget *widget() const { return m_widget; }
    QWidget *buddy() const;

    // Shows the document's effective value, or the schema default as a placeholder. Input the
    // user is still typing, or rejected input while the file's value is unchanged, stays.
    void load(const ConfigDocument &doc);
    Edit parse() const;
    // What the document currently says (the last load), to skip edits that change nothing.
    bool shownPresent() const { return m_shownPresent; }
    QList<QByteArray> shownArgs() const { return m_shownArgs; }

    void setError(QLineEdit *edit, const QString &message);
    void clearError();
    bool hasError() const { return m_errorEdit != nullptr; }
    // Re-colours the error mark for the current palette (after a theme change).
    void restyle();

    // The effective arguments of `directive` in `doc`: aliases fold into the canonical name,
    // the last line wins, and save points accumulate like redis-server reads them
    // (`save ""` clears). False when the directive is absent.
    static bool effective(const ConfigDocument &doc, const QByteArray &directive,
                          QList<QByteArray> *args);

Q_SIGNALS:
    // The user finished an edit (Return, focus left a changed field, a choice was picked).
    void edited();

private:
    QLineEdit *newLineEdit(const QString &objectName);
    void buildChoice();
    void buildMemory();
    void buildPassword();
    void buildReplicaOf();
    void showValue(const QList<QByteArray> &args, bool present);
    void setPlaceholders();
    Edit parseInteger(QLineEdit *edit, long long min, unsigned long long max, bool allowEmpty) const;
    Edit parseMemory() const;
    Edit parseSave() const;
    Edit parseReplicaOf() const;
    void markDefault(bool isDefault);

    QByteArray m_directive;
    Kind m_kind;
    QWidget *m_widget = nullptr;
    QLineEdit *m_edit = nullptr;      // the main line edit (host for ReplicaOf)
    QLineEdit *m_port = nullptr;      // ReplicaOf only
    QComboBox *m_combo = nullptr;     // Choice values, or Memory units
    QToolButton *m_reveal = nullptr;  // Password only
    FilePathEdit *m_path = nullptr;   // Path only
    QLineEdit *m_errorEdit = nullptr;
    QString m_plainToolTip;
    bool m_loading = false;
    bool m_shownPresent = false;
    QList<QByteArray> m_shownArgs;
};
