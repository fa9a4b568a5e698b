/* `kubeconvert completion SHELL` and the hidden `kubeconvert __complete
 * WORDS...` that the scripts call (completion.c). */
#ifndef KC_COMPLETION_H
#define KC_COMPLETION_H

#include <stdio.h>

/* Print the completion script for shell (bash, zsh, fish); an exit status. */
int kc_completion_script(const char *shell, FILE *out);
/* Print one candidate a line for the last of words (the word being typed,
 * possibly ""), the words before it being the command line after the
 * program name; an exit status. */
int kc_complete(int count, char **words, FILE *out);

#endif
