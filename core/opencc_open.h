/* Opening OpenCC on the Darts copies of its dictionaries built into the library. */
#ifndef ZHX_OPENCC_OPEN_H
#define ZHX_OPENCC_OPEN_H

#include <opencc/opencc.h>

/* Opens conversion `config` (t2s.json, tw2s.json, tw2sp.json or hk2s.json) on the Darts
 * copies of its dictionaries (core/opencc_gate.h): (opencc_t)-1 when the library holds none
 * for it or the system cannot hand them to OpenCC. */
opencc_t zhx_opencc_open_darts(const char *config);

/* Opens `config` on the Darts copies, or as installed when that fails: the same dictionary
 * entries either way, so the same output. (opencc_t)-1 on failure, with opencc_error(). */
opencc_t zhx_opencc_open(const char *config);

#endif
