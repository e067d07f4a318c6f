#pragma once

// Small helpers the GUI tests share: find widgets the way a user sees them, type like a user.

#include <QAbstractItemModel>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QList>
#include <QObject>
#include <QPixmap>
#include <QString>
#include <QTest>
#include <QWidget>

namespace GuiTest {

// With TANDEM_SCREENSHOT_DIR set, saves what a widget looks like at this point of a test,
// for eyeballing layouts without a display.
inline void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("TANDEM_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The visible child with this objectName (closed dialogs linger until deleteLater runs).
template<class T>
T *visibleChild(const QObject *parent, const QString &name)
{
    const QList<T *> all = parent->findChildren<T *>(name);
    for (T *child : all) {
        if (child->isVisible())
            return child;
    }
    return nullptr;
}

// Replaces the text of the line edit `objectName` inside `parent` by typing it key by key.
inline void typeInto(QWidget *parent, const QString &objectName, const QString &text)
{
    auto *edit = parent->findChild<QLineEdit *>(objectName);
    QVERIFY2(edit, qPrintable(objectName));
    edit->clear();
    QTest::keyClicks(edit, text);
    QCOMPARE(edit->text(), text);
}

// What a cell shows (DisplayRole), as text.
inline QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->data(model->index(row, column)).toString();
}

// Labels that show a literal '&': a mnemonic works (and is hidden) only with a buddy.
inline QStringList labelsShowingAmpersand(const QWidget *parent)
{
    QStringList out;
    for (const QLabel *label : parent->findChildren<QLabel *>()) {
        const QString text = label->text();
        if (label->textFormat() != Qt::RichText && !label->buddy()
            && QString(text).remove(QStringLiteral("&&")).contains(QLatin1Char('&')))
            out.append(text);
    }
    return out;
}

} // namespace GuiTest
