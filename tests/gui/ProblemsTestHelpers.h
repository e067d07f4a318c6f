#pragma once

// Finding a diagnostic in the editor's Problems list, for the config editor GUI tests.

#include "config/ProblemsModel.h"

#include <QString>

namespace GuiTest {

// The first row of `model` whose diagnostic has `code`, or -1.
inline int rowWithCode(const ProblemsModel *model, const QString &code)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->diagnostic(row).code == code)
            return row;
    }
    return -1;
}

} // namespace GuiTest
