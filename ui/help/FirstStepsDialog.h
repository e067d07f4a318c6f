#pragma once

#include <QDialog>

class QTextBrowser;

// Help → First Steps (F1): one short page that walks a new user from connecting to a node
// through reading the topology to a promote, a failover and the redis.conf editor, naming the
// menu and shortcut for each.
class FirstStepsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstStepsDialog(QWidget *parent = nullptr);
    QString plainText() const;

private:
    QTextBrowser *m_text;
};
