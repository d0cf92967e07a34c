# Writes the real tables the tabular GAN is trained and evaluated on as CSV files (header row, comma-separated,
# missing values as empty fields, factors by their labels) into the folder given as the first argument.
#   lending_club.csv  modeldata: 9,857 Lending Club loans, 23 mixed columns; Class "bad" is the rare class (5.2 %)
#   gss_vocab.csv     carData: 28,867 General Social Survey answers, 8 mixed columns with missing values
#   wa_churn.csv      modeldata: 7,043 telecom customers, 20 mixed columns; churn "yes" 26.5 %
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[[1]] else "/usr/share/datasets/tables"
dir.create(out, recursive = TRUE, showWarnings = FALSE)
export <- function(name, package, file) {
  e <- new.env()
  data(list = name, package = package, envir = e)
  d <- as.data.frame(get(name, envir = e))
  for (col in names(d)) if (is.factor(d[[col]])) d[[col]] <- as.character(d[[col]])
  tmp <- file.path(out, paste0(".", file, ".tmp"))
  write.csv(d, tmp, row.names = FALSE, na = "")
  file.rename(tmp, file.path(out, file))
  cat(sprintf("export-tables: %s (%d rows, %d columns)\n", file.path(out, file), nrow(d), ncol(d)))
}
export("lending_club", "modeldata", "lending_club.csv")
export("GSSvocab", "carData", "gss_vocab.csv")
export("wa_churn", "modeldata", "wa_churn.csv")
