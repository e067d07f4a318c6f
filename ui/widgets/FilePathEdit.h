#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

// A path field with a "Browse…" button. The line edit and the button carry objectNames
// derived from the widget's own (<name> for the edit, <name>Browse for the button) so
// tests can type into it without opening a file dialog.
class FilePathEdit : public QWidget
{
    Q_OBJECT
public:
    FilePathEdit(const QString &objectName, const QString &dialogTitle, QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    void setPlaceholderText(const QString &text);
    QLineEdit *lineEdit() const { return m_edit; }

Q_SIGNALS:
    void pathChanged(const QString &path);

private:
    void browse();

    QLineEdit *m_edit;
    QToolButton *m_browse;
    QString m_dialogTitle;
};
