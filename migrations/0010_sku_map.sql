-- placeholder: the SKU map (i13-sku branch) replaces this file
SELECT 1;
