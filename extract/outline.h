/* The section tree that the outline stage leaves in doc->sections, for the stages after it.
 *
 * Sections are kept in text order (by `lo`); a section's parent comes before it and contains
 * it. Offsets are bytes of the normalized text. */
#ifndef ZHX_OUTLINE_H
#define ZHX_OUTLINE_H

#include <stddef.h>

#include "../core/doc.h"

/* The index of the innermost section of `doc` that contains byte `byte` of the normalized
 * text, or -1 if none does. Costs a binary search and a walk up the tree. */
int zhx_section_at(const zhx_doc *doc, size_t byte);

#endif
